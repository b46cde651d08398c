#Requires -Version 7.4
# Pester 5 tests of provider profiles, keys from vaults, Azure shapes, llama.cpp quirks and the network rules (issue 12).
# Every test sets $env:VISIONPS_CONFIG_DIR to a temporary folder, so no test touches the real per-user config.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
    Import-Module $Module -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot

    # A second server, llama.cpp-like, any key: also the target of redirects and the stand-in proxy.
    function Start-LlamaServer {
        $dll = Get-ChildItem -Path (Join-Path $RepoRoot 'tests/VisionPS.TestServer/bin') -Recurse -Filter VisionPS.TestServer.dll |
            Sort-Object LastWriteTime -Descending | Select-Object -First 1
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @($dll.FullName, '--urls', 'http://127.0.0.1:0', '--any-key', '--mode', 'llamacpp')) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($psi)
        $banner = $process.StandardOutput.ReadLine()
        if ($banner -notmatch '(http://127\.0\.0\.1:\d+/v1)') { $process.Kill(); throw "Llama-mode test server did not start: $banner" }
        [pscustomobject]@{ Process = $process; BaseUrl = $Matches[1]; Root = $Matches[1] -replace '/v1$', '' }
    }
    $script:Llama = Start-LlamaServer

    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-providers-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') (Join-Path $Work 'a.jpg')
    Copy-Item (Join-Path $Images 'webp/lossy_vp8_550x368.webp') (Join-Path $Work 'w.webp')

    $script:SavedEnv = @{}
    foreach ($name in 'VISIONPS_CONFIG_DIR', 'VISIONPS_BASE_URL', 'VISIONPS_API_KEY', 'VISIONPS_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PSModulePath', 'PESTER_PROFILE_KEY') {
        $SavedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    function New-ConfigDir {
        $dir = Join-Path $Work ("config-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $dir | Out-Null
        $env:VISIONPS_CONFIG_DIR = $dir
        $dir
    }

    function Get-LastRequest($S) { @(Get-VisionTestRequests $S)[-1] }
}

AfterAll {
    Stop-VisionTestServer $Server
    if ($Llama -and -not $Llama.Process.HasExited) { $Llama.Process.Kill(); $Llama.Process.WaitForExit() }
    foreach ($name in $SavedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnv[$name]) }
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Provider profiles' {
    BeforeEach {
        $script:Config = New-ConfigDir
        Remove-Item Env:VISIONPS_BASE_URL, Env:VISIONPS_API_KEY, Env:VISIONPS_MODEL, Env:OPENAI_API_KEY, Env:OPENAI_BASE_URL -ErrorAction Ignore
        $env:PESTER_PROFILE_KEY = $Server.ApiKey
    }

    It 'saves to providers.json in $env:VISIONPS_CONFIG_DIR, naming the key variable and never the key' {
        $p = Set-VisionProvider local -BaseUrl $Server.BaseUrl -KeyVariable PESTER_PROFILE_KEY -Model gpt-4o -PassThru
        $p.IsDefault | Should -BeTrue   # the first profile becomes the default
        $file = Join-Path $Config 'providers.json'
        $file | Should -Exist
        $json = Get-Content $file -Raw
        $json | Should -Match '"name": "PESTER_PROFILE_KEY"'
        $json | Should -Not -Match ([regex]::Escape($Server.ApiKey))
        (Get-VisionProvider).Name | Should -Be 'local'
        (Get-VisionProvider -Default).Name | Should -Be 'local'
    }

    It 'precedence: parameter > profile > environment' {
        Set-VisionProvider local -BaseUrl $Server.BaseUrl -KeyVariable PESTER_PROFILE_KEY -Model gpt-4o -Default
        $env:VISIONPS_BASE_URL = 'http://127.0.0.1:1/v1'   # nothing listens there: the profile must win
        $env:VISIONPS_MODEL = 'gpt-4.1'

        $r = Invoke-VisionChat 'Hello' -InformationAction Ignore            # default profile over the environment
        $r.Model | Should -Be 'gpt-4o'
        $r.BaseUrl | Should -Be $Server.BaseUrl

        $r = Invoke-VisionChat 'Hello' -Provider local -Model gpt-4o-mini -InformationAction Ignore   # parameter over profile
        $r.Model | Should -Be 'gpt-4o-mini'

        Remove-VisionProvider local
        $env:VISIONPS_BASE_URL = $Server.BaseUrl
        $env:VISIONPS_API_KEY = $Server.ApiKey
        $r = Invoke-VisionChat 'Hello' -InformationAction Ignore            # no profile: the environment
        $r.Model | Should -Be 'gpt-4.1'
    }

    It 'a typed -BaseUrl does not pick up the default profile or its key' {
        Set-VisionProvider local -BaseUrl $Server.BaseUrl -KeyVariable PESTER_PROFILE_KEY -Model gpt-4o -Default
        { Invoke-VisionChat 'Hello' -BaseUrl https://api.example.com/v1 -Model gpt-4o -ErrorAction Stop } |
            Should -Throw -ErrorId 'ApiKeyMissing,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It 'updates only what is given, lists, and removes; an unknown name is a clear error' {
        Set-VisionProvider one -Kind Ollama
        Set-VisionProvider two -Kind Groq -Default
        Set-VisionProvider one -Model llava
        $one = Get-VisionProvider one
        $one.Kind | Should -Be 'Ollama'
        $one.Model | Should -Be 'llava'
        (Get-VisionProvider two).Key.Name | Should -Be 'GROQ_API_KEY'   # the preset's key variable
        (Get-VisionProvider | Where-Object IsDefault).Name | Should -Be 'two'
        (Get-VisionProvider | Out-String) | Should -Match 'localhost:11434'

        Remove-VisionProvider two -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -Match 'default profile'
        Get-VisionProvider two -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProviderNotFound,VisionPS.Commands.GetVisionProviderCommand'
        $errs[0].TargetObject | Should -Be 'two'
        { Invoke-VisionChat 'Hi' -Provider two -ErrorAction Stop } | Should -Throw -ErrorId 'ProviderNotFound,VisionPS.Commands.InvokeVisionChatCommand'
        { Get-VisionModel -Provider two -Offline -ErrorAction Stop } | Should -Throw -ErrorId 'ProviderNotFound,VisionPS.Commands.GetVisionModelCommand'   # -Offline asks nobody, but a profile that is not there is still named
    }

    It 'lists a preset for every provider the issue names' {
        $presets = Get-VisionProvider -ListAvailable
        $presets.Kind | Should -Contain 'AzureOpenAI'
        ($presets | Where-Object Kind -EQ 'LlamaCpp').BaseUrl | Should -Be 'http://localhost:8080/v1'
        ($presets | Where-Object Kind -EQ 'HighwayApi').BaseUrl | Should -Be 'https://api.highwayapi.ai/openai'
        ($presets | Where-Object Kind -EQ 'Jiekou').BaseUrl | Should -Be 'https://api.jiekou.ai/openai'
        @($presets).Count | Should -Be 14
    }

    It 'refuses what could never work, with ids: http to another machine, a bad quirk, a key it cannot protect' {
        Set-VisionProvider lan -BaseUrl http://192.168.1.20:8000/v1 -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InsecureBaseUrl,VisionPS.Commands.SetVisionProviderCommand'
        Set-VisionProvider lan -BaseUrl http://192.168.1.20:8000/v1 -AllowUnencryptedHttp
        (Get-VisionProvider lan).AllowUnencryptedHttp | Should -BeTrue

        Set-VisionProvider q -Kind Vllm -Quirk @{ Bogus = 1 } -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidProviderProfile,VisionPS.Commands.SetVisionProviderCommand'
        Set-VisionProvider q -Kind Vllm -Quirk @{ MaxImagesPerRequest = 2; RefusedImageTypes = 'image/gif' }
        (Get-VisionProvider q).EffectiveQuirks.MaxImagesPerRequest | Should -Be 2

        Set-VisionProvider az -Kind AzureOpenAI -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'InvalidProviderProfile,VisionPS.Commands.SetVisionProviderCommand'

        if (-not $IsWindows) {
            Set-VisionProvider k -Kind OpenAI -ApiKey 'sk-never-stored-4411' -ErrorVariable e4 -ErrorAction SilentlyContinue
            $e4[0].FullyQualifiedErrorId | Should -Be 'KeyProtectionUnavailable,VisionPS.Commands.SetVisionProviderCommand'
            $e4[0].Exception.Message | Should -Match 'no DPAPI'
            Get-Content (Join-Path $Config 'providers.json') -Raw | Should -Not -Match 'sk-never-stored'
            (Get-VisionProvider).Name | Should -Not -Contain 'k'
        }
    }

    It 'an unset key variable is a clear error naming the variable' {
        Set-VisionProvider v -BaseUrl https://api.example.com/v1 -KeyVariable PESTER_UNSET_VAR -Model gpt-4o
        { Invoke-VisionChat 'Hi' -Provider v -ErrorAction Stop } | Should -Throw '*PESTER_UNSET_VAR*'
    }
}

Describe 'Keys from SecretManagement' {
    BeforeAll {
        # A stand-in module with the real module's name and Get-Secret's shape, in a temporary module path.
        $script:FakeModules = Join-Path $Work 'modules'
        $dir = Join-Path $FakeModules 'Microsoft.PowerShell.SecretManagement'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        Set-Content (Join-Path $dir 'Microsoft.PowerShell.SecretManagement.psm1') @'
$script:Secrets = @{}
function Set-Secret { param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][object] $Secret, [string] $Vault) $script:Secrets["$Vault/$Name"] = $Secret }
function Get-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string] $Name, [string] $Vault, [switch] $AsPlainText)
    $value = $script:Secrets["$Vault/$Name"]
    if ($null -eq $value) { Write-Error -Message "Get-Secret : The secret $Name was not found." -ErrorId 'GetSecretNotFound' -Category ObjectNotFound; return }
    if ($value -is [string] -and -not $AsPlainText) { return (ConvertTo-SecureString -String $value -AsPlainText -Force) }
    $value
}
Export-ModuleMember -Function Get-Secret, Set-Secret
'@
    }

    BeforeEach {
        $null = New-ConfigDir
        Remove-Item Env:VISIONPS_BASE_URL, Env:VISIONPS_API_KEY, Env:OPENAI_API_KEY -ErrorAction Ignore
        $env:PSModulePath = $SavedEnv['PSModulePath']
        Remove-Module Microsoft.PowerShell.SecretManagement -ErrorAction Ignore
        Set-VisionProvider vaulted -BaseUrl $Server.BaseUrl -KeySecret visionps-key -Vault PesterVault -Model gpt-4o
    }

    It 'names the module when it is not installed' {
        Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement | Should -BeNullOrEmpty
        { Invoke-VisionChat 'Hi' -Provider vaulted -ErrorAction Stop } |
            Should -Throw -ErrorId 'SecretModuleMissing,VisionPS.Commands.InvokeVisionChatCommand'
        try { Invoke-VisionChat 'Hi' -Provider vaulted -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'Microsoft.PowerShell.SecretManagement' }
    }

    It 'reads the key through Get-Secret, from the named vault' {
        $env:PSModulePath = $FakeModules + [IO.Path]::PathSeparator + $SavedEnv['PSModulePath']
        Import-Module Microsoft.PowerShell.SecretManagement
        Set-Secret -Name visionps-key -Secret $Server.ApiKey -Vault PesterVault
        $all = & { Invoke-VisionChat 'Hi' -Provider vaulted -Verbose -InformationAction Continue } *>&1
        $r = $all | Where-Object { $_ -is [VisionPS.ChatResult] }
        $r.Text | Should -Not -BeNullOrEmpty
        (Get-LastRequest $Server).hasAuthorization | Should -BeTrue
        # The secret path leaks nothing either: streams, result, the profile file.
        $text = ($all | Out-String) + ($r | ConvertTo-Json -Depth 4 -Compress) + (Get-Content (Join-Path $env:VISIONPS_CONFIG_DIR 'providers.json') -Raw)
        $text | Should -Match 'visionps-key'
        $text.Contains($Server.ApiKey) | Should -BeFalse
    }

    It 'a missing secret is a clear error, not a stack trace' {
        $env:PSModulePath = $FakeModules + [IO.Path]::PathSeparator + $SavedEnv['PSModulePath']
        Import-Module Microsoft.PowerShell.SecretManagement
        { Invoke-VisionChat 'Hi' -Provider vaulted -ErrorAction Stop } |
            Should -Throw -ErrorId 'SecretNotFound,VisionPS.Commands.InvokeVisionChatCommand'
    }

    AfterAll {
        $env:PSModulePath = $SavedEnv['PSModulePath']
        Remove-Module Microsoft.PowerShell.SecretManagement -ErrorAction Ignore
    }
}

Describe 'Azure OpenAI' {
    BeforeEach {
        $null = New-ConfigDir
        $env:PESTER_PROFILE_KEY = $Server.ApiKey
    }

    It 'classic: deployments path, api-version and the api-key header' {
        Set-VisionProvider az -Kind AzureOpenAI -BaseUrl $Server.Root -Deployment gpt-4o -KeyVariable PESTER_PROFILE_KEY
        $r = Invoke-VisionChat 'Describe' -Image (Join-Path $Work 'a.jpg') -Provider az -InformationAction Ignore
        $r.Text | Should -Not -BeNullOrEmpty
        $last = Get-LastRequest $Server
        $last.hasApiKey | Should -BeTrue
        $last.hasAuthorization | Should -BeFalse
        $last.json.model | Should -Be 'gpt-4o'
        $last.json.max_completion_tokens | Should -BeNullOrEmpty
    }

    It 'v1: Bearer or api-key on /openai/v1' {
        Set-VisionProvider azv1 -Kind AzureOpenAI -BaseUrl "$($Server.Root)/openai/v1" -KeyVariable PESTER_PROFILE_KEY -Model gpt-4o -KeyHeader Bearer
        (Invoke-VisionChat 'Hi' -Provider azv1 -InformationAction Ignore).Text | Should -Not -BeNullOrEmpty
        (Get-LastRequest $Server).hasAuthorization | Should -BeTrue
        Set-VisionProvider azv1 -KeyHeader ApiKey
        (Invoke-VisionChat 'Hi' -Provider azv1 -InformationAction Ignore).Text | Should -Not -BeNullOrEmpty
        (Get-LastRequest $Server).hasApiKey | Should -BeTrue
    }
}

Describe 'llama.cpp quirks' {
    BeforeEach { $null = New-ConfigDir }

    It 'without a profile the llama.cpp-like server refuses WebP and image URLs' {
        Invoke-VisionChat 'Describe' -Image (Join-Path $Work 'w.webp') -BaseUrl $Llama.BaseUrl -ApiKey any -Model gpt-4o -ErrorVariable errs -ErrorAction SilentlyContinue -InformationAction Ignore -MaximumRetryCount 0
        $errs[0].FullyQualifiedErrorId | Should -Be 'ApiRequestRejected,VisionPS.Commands.InvokeVisionChatCommand'
        Invoke-VisionChat 'Describe' -Image "$($Llama.Root)/_test/image.png" -BaseUrl $Llama.BaseUrl -ApiKey any -Model gpt-4o -ErrorVariable errs2 -ErrorAction SilentlyContinue -InformationAction Ignore -MaximumRetryCount 0
        $errs2[0].FullyQualifiedErrorId | Should -Be 'ApiServerError,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It 'the LlamaCpp preset copes unaided: WebP converted as -ConvertWebP does, URLs downloaded and inlined, detail dropped, max_tokens' {
        Set-VisionProvider llama -Kind LlamaCpp -BaseUrl $Llama.BaseUrl -Model gpt-4o -AllowPrivateImageUrls
        $r = Invoke-VisionChat 'Describe' -Image (Join-Path $Work 'w.webp'), "$($Llama.Root)/_test/image.png" -Provider llama -Detail high -MaxTokens 40 -InformationAction Ignore
        $r.Text | Should -Not -BeNullOrEmpty
        $last = Get-LastRequest $Llama
        $urls = $last.json.messages[0].content | Where-Object type -EQ 'image_url' | ForEach-Object { $_.image_url.url }
        $urls[0] | Should -BeLike 'data:image/jpeg;base64,*'   # a lossy WebP photo: JPEG, not a PNG many times its size
        $urls[1] | Should -BeLike 'data:image/png;base64,*'
        $last.body | Should -Not -Match '"detail"'
        $last.json.max_tokens | Should -Be 40
        $body = Invoke-VisionChat 'Describe' -Image (Join-Path $Work 'w.webp'), "$($Llama.Root)/_test/image.png" -Provider llama -Detail high -MaxTokens 40 -RequestBodyOnly
        $body | Should -BeExactly $last.body   # -RequestBodyOnly shows what the server received
    }

    It 'refuses to download from loopback unless the profile allows it' {
        Set-VisionProvider llama -Kind LlamaCpp -BaseUrl $Llama.BaseUrl -Model gpt-4o
        Invoke-VisionChat 'Describe' -Image "$($Llama.Root)/_test/image.png" -Provider llama -ErrorVariable errs -ErrorAction SilentlyContinue -InformationAction Ignore
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageUrlRefused,VisionPS.Commands.InvokeVisionChatCommand'
        $errs[0].TargetObject | Should -Be "$($Llama.Root)/_test/image.png"
    }

    It 'Test-VisionProvider learns the quirks of a generic profile, shows them, and the profile then works' {
        Set-VisionProvider found -BaseUrl $Llama.BaseUrl -Model gpt-4o -NoKey -AllowPrivateImageUrls
        $report = Test-VisionProvider -Provider found -ProbeImageUrl "$($Llama.Root)/_test/image.png"
        $report.Saved | Should -BeTrue
        $report.Learned.AcceptsImageUrls | Should -BeFalse
        $report.Learned.RefusedImageTypes | Should -Be 'image/webp'
        $report.Learned.DetailMatters | Should -BeFalse
        ($report | Out-String) | Should -Match 'WebP image: refused'
        $q = (Get-VisionProvider found).EffectiveQuirks
        $q.AcceptsImageUrls | Should -BeFalse
        (Get-VisionProvider found).TestedAt | Should -Not -BeNullOrEmpty

        $r = Invoke-VisionChat 'Describe' -Image (Join-Path $Work 'w.webp'), "$($Llama.Root)/_test/image.png" -Provider found -InformationAction Ignore
        $r.Text | Should -Not -BeNullOrEmpty
    }

    It 'Test-VisionProvider against the strict server finds no quirk' {
        $report = Test-VisionProvider -BaseUrl $Server.BaseUrl -ApiKey $Server.ApiKey -Model gpt-4o -ProbeImageUrl "$($Server.Root)/_test/image.png"
        $report.Saved | Should -BeFalse
        $report.Learned.AcceptsImageUrls | Should -BeTrue
        $report.Learned.DetailMatters | Should -BeTrue
        $report.Learned.StreamUsage | Should -BeTrue
        $report.Probes.Count | Should -Be 8
    }
}

Describe 'Network' {
    BeforeEach { $null = New-ConfigDir }

    It 'never sends the key to the host a redirect names (two local servers)' {
        Add-VisionTestFault $Server @{ kind = 'redirect'; location = "$($Llama.BaseUrl)/chat/completions"; status = 307 }
        $before = @(Get-VisionTestRequests $Llama).Count
        # The second server, like llama-server without --api-key, answers with or without a key.
        (Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $Server.ApiKey -Model gpt-4o -InformationAction Ignore).Text | Should -Not -BeNullOrEmpty
        $atSecond = @(Get-VisionTestRequests $Llama)
        $atSecond.Count | Should -Be ($before + 1)
        $atSecond[-1].hasAuthorization | Should -BeFalse
        $atSecond[-1].hasApiKey | Should -BeFalse
    }

    It 'plain http only to this machine unless -AllowUnencryptedHttp' {
        { Invoke-VisionChat 'Hi' -BaseUrl http://10.0.0.5:8000/v1 -ApiKey k -Model m -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureBaseUrl,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It '-Proxy sends through the proxy (a local server standing in), and -AllowUnencryptedHttp allows the http target' {
        $r = Invoke-VisionChat 'Hi' -BaseUrl http://vision.test/v1 -AllowUnencryptedHttp -Proxy $Llama.Root -ApiKey any -Model gpt-4o -InformationAction Ignore
        $r.Text | Should -Not -BeNullOrEmpty
        (Get-LastRequest $Llama).headers.Host | Should -Be 'vision.test'
    }

    It 'a profile''s proxy is used' {
        Set-VisionProvider viaproxy -BaseUrl http://profile-proxied.test/v1 -AllowUnencryptedHttp -Proxy $Llama.Root -NoKey -Model gpt-4o
        (Invoke-VisionChat 'Hi' -Provider viaproxy -ApiKey any -InformationAction Ignore).Text | Should -Not -BeNullOrEmpty
        (Get-LastRequest $Llama).headers.Host | Should -Be 'profile-proxied.test'
    }

    It 'checks TLS certificates unless -SkipCertificateCheck (a self-signed local https server)' {
        $dll = Get-ChildItem -Path (Join-Path $RepoRoot 'tests/VisionPS.TestServer/bin') -Recurse -Filter VisionPS.TestServer.dll | Sort-Object LastWriteTime -Descending | Select-Object -First 1
        $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @($dll.FullName, '--urls', 'https://127.0.0.1:0', '--any-key', '--https')) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $tls = [System.Diagnostics.Process]::Start($psi)
        try {
            $banner = $tls.StandardOutput.ReadLine()
            $banner -match '(https://127\.0\.0\.1:\d+/v1)' | Should -BeTrue -Because $banner
            $url = $Matches[1]
            { Invoke-VisionChat 'Hi' -BaseUrl $url -ApiKey any -Model gpt-4o -MaximumRetryCount 0 -InformationAction Ignore -ErrorAction Stop } |
                Should -Throw -ErrorId 'ApiConnectionFailed,VisionPS.Commands.InvokeVisionChatCommand'
            (Invoke-VisionChat 'Hi' -BaseUrl $url -ApiKey any -Model gpt-4o -SkipCertificateCheck -InformationAction Ignore).Text | Should -Not -BeNullOrEmpty
        } finally { $tls.Kill(); $tls.WaitForExit() }
    }

    It 'HTTP_PROXY from the environment is used (in a fresh process, where .NET reads it)' {
        $script = "Import-Module '$Module'; `$env:VISIONPS_CONFIG_DIR = '$($env:VISIONPS_CONFIG_DIR)'; (Invoke-VisionChat 'Hi' -BaseUrl http://proxied.test/v1 -AllowUnencryptedHttp -ApiKey any -Model gpt-4o -InformationAction Ignore).Text.Length"
        $env:HTTP_PROXY = $Llama.Root
        try { $out = & pwsh -NoProfile -Command $script 2>&1 | Out-String } finally { Remove-Item Env:HTTP_PROXY }
        [int]($out.Trim()) | Should -BeGreaterThan 0
        (Get-LastRequest $Llama).headers.Host | Should -Be 'proxied.test'
    }
}

Describe 'Key-leak sweep over every cmdlet and profile path' {
    It 'the key appears in no output, stream, error, file or result' {
        $null = New-ConfigDir
        $canary = 'sk-CANARY-' + [guid]::NewGuid().ToString('N')
        $env:PESTER_PROFILE_KEY = $canary
        $collected = [System.Collections.Generic.List[string]]::new()
        function Collect { param([Parameter(ValueFromPipeline)] $Item) process {
            if ($Item -is [System.Management.Automation.ErrorRecord]) {
                $collected.Add($Item.FullyQualifiedErrorId); $collected.Add(($Item | Out-String)); $collected.Add($Item.Exception.ToString()); $collected.Add([string]$Item.ErrorDetails)
                $collected.Add([string]$Item.TargetObject); $collected.Add([string]$Item.CategoryInfo)
            } elseif ($Item -is [System.Management.Automation.InformationalRecord] -or $Item -is [System.Management.Automation.InformationRecord]) {
                $collected.Add($Item.ToString())
            } elseif ($null -ne $Item) {
                $collected.Add(($Item | Out-String)); $collected.Add(($Item | ConvertTo-Json -Depth 4 -Compress -WarningAction Ignore))
            }
        } }
        $v = @{ Verbose = $true; ErrorAction = 'SilentlyContinue'; InformationAction = 'Continue'; WarningAction = 'Continue' }

        # The server takes a different key, so every request fails with 401: the key is in play on every path.
        & { try { Set-VisionProvider leak -BaseUrl $Server.BaseUrl -KeyVariable PESTER_PROFILE_KEY -Model gpt-4o -PassThru @v } catch { $_ } } *>&1 | Collect
        & { try { Set-VisionProvider leakaz -Kind AzureOpenAI -BaseUrl $Server.Root -Deployment gpt-4o -KeyVariable PESTER_PROFILE_KEY -PassThru @v } catch { $_ } } *>&1 | Collect
        & { try { Set-VisionProvider leakcli -BaseUrl $Server.BaseUrl -ApiKey $canary @v } catch { $_ } } *>&1 | Collect
        & { try { Get-VisionProvider @v; Get-VisionProvider -ListAvailable @v; Get-VisionProvider nope @v } catch { $_ } } *>&1 | Collect
        foreach ($p in 'leak', 'leakaz') {
            & { try { Invoke-VisionChat 'Hi' -Image (Join-Path $Work 'a.jpg') -Provider $p -MaximumRetryCount 0 @v } catch { $_ } } *>&1 | Collect
            & { try { Invoke-VisionChat 'Hi' -Provider $p -RequestBodyOnly @v } catch { $_ } } *>&1 | Collect
            & { try { Get-VisionModel -Provider $p -Refresh @v } catch { $_ } } *>&1 | Collect
            & { try { Test-VisionProvider -Provider $p -NoSave @v } catch { $_ } } *>&1 | Collect
        }
        & { try { Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $canary -Model gpt-4o -NoStream @v } catch { $_ } } *>&1 | Collect
        Add-VisionTestFault $Server @{ kind = 'redirect'; location = "$($Llama.BaseUrl)/chat/completions" }
        & { try { Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $canary -Model gpt-4o @v } catch { $_ } } *>&1 | Collect
        Add-VisionTestFault $Server @{ kind = 'giantHeaders'; kilobytes = 128 }
        & { try { Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $canary -Model gpt-4o -MaximumRetryCount 0 @v } catch { $_ } } *>&1 | Collect
        & { try { ConvertTo-ImagePart -Path (Join-Path $Work 'a.jpg') @v } catch { $_ } } *>&1 | Collect
        & { try { Remove-VisionProvider leak, leakaz, nope @v } catch { $_ } } *>&1 | Collect
        & { try { Invoke-VisionChat 'Hi' -BaseUrl $Server.BaseUrl -ApiKey $canary -Model gpt-4o -Cache @v } catch { $_ } } *>&1 | Collect
        & { try { Get-VisionHistory @v; Get-VisionHistory -Cost @v } catch { $_ } } *>&1 | Collect
        $collected.Add((Get-Content (Join-Path $env:VISIONPS_CONFIG_DIR 'providers.json') -Raw))
        $collected.Add(((Get-VisionTestRequests $Server) | ConvertTo-Json -Depth 8))
        # The run journal (issue 19): the database, its WAL and shared memory, as bytes read as text two ways.
        foreach ($file in Get-ChildItem "$env:VISIONPS_HISTORY_PATH*" -ErrorAction Ignore) {
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $collected.Add([System.Text.Encoding]::Latin1.GetString($bytes)); $collected.Add([System.Text.Encoding]::Unicode.GetString($bytes))
        }

        $all = $collected -join "`n"
        $all | Should -Match 'ApiAuthenticationFailed'
        $all | Should -Match 'PESTER_PROFILE_KEY'
        $all.Contains($canary) | Should -BeFalse
        $all.Contains($canary.Substring(0, 16)) | Should -BeFalse
    }
}
