#Requires -Version 7.4
# Pester 5: -Schema / -AsJson structured output (issue 10 point 4) against the test server.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-structured-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path (Join-Path $Work 'receipts') | Out-Null
    $script:Receipts = 1..3 | ForEach-Object {
        $p = Join-Path $Work "receipts/r$_.jpg"; Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') $p; $p
    }
    $script:Schema = @{
        type = 'object'
        properties = [ordered]@{ vendor = @{ type = 'string' }; total = @{ type = 'number' }; prompt = @{ type = 'string' } }
        required = @('vendor', 'total', 'prompt')
        additionalProperties = $false
    }
    function script:LastRequest { @(Get-VisionTestRequests $Server)[-1].json }
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Structured output' {
    It '-Schema (hashtable) sends strict json_schema and gives Data next to the raw text' {
        $r = Invoke-VisionChat 'Vendor, date, total' -Image $Receipts[0] -Schema $Schema @Chat -InformationAction Ignore
        $format = (LastRequest).response_format
        $format.type | Should -Be 'json_schema'
        $format.json_schema.strict | Should -BeTrue
        $r.Data.vendor | Should -Be 'sample'
        $r.Data.total | Should -Be 1.5
        $r.Data.prompt | Should -Be 'Vendor, date, total'
        $r.Text | Should -Match '"vendor"'
        $r.Data | Should -BeOfType [pscustomobject]
    }

    It '-Schema as a JSON string works the same' {
        $r = Invoke-VisionChat 'Vendor?' -Schema ($Schema | ConvertTo-Json -Depth 5) @Chat -InformationAction Ignore
        $r.Data.vendor | Should -Be 'sample'
    }

    It '-Schema as a PowerShell class gives an instance of it' {
        $type = Invoke-Expression 'class PesterReceipt { [string] $Vendor; [double] $Total; [string] $Prompt }; [PesterReceipt]'
        $r = Invoke-VisionChat 'Vendor?' -Schema $type @Chat -InformationAction Ignore
        (LastRequest).response_format.json_schema.name | Should -Be 'PesterReceipt'
        $r.Data.GetType().Name | Should -Be 'PesterReceipt'
        $r.Data.Vendor | Should -Be 'sample'
        $r.Data.Prompt | Should -Be 'Vendor?'
    }

    It 'a batch piped to Export-Csv gives one row per image with its path' {
        $csv = Join-Path $Work 'receipts.csv'
        Get-ChildItem (Join-Path $Work 'receipts/*.jpg') | Invoke-VisionChat 'Vendor, date, total' -Schema $Schema @Chat -ThrottleLimit 3 |
            Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 3
        ($rows.Image | Sort-Object) | Should -Be ($Receipts | Sort-Object)
        $rows.vendor | Sort-Object -Unique | Should -Be 'sample'
        $rows[0].total | Should -Be '1.5'
    }

    It '-AsJson asks for json_object and parses any object' {
        $r = Invoke-VisionChat 'Describe' -Image $Receipts[0] -AsJson @Chat -InformationAction Ignore
        (LastRequest).response_format.type | Should -Be 'json_object'
        $r.Data.model | Should -Be 'gpt-4o'
        @($r.Data.images).Count | Should -Be 1
    }

    It '-NoJsonSchema sends json_object with the schema in the prompt, and still validates' {
        $r = Invoke-VisionChat 'Vendor?' -Schema $Schema -NoJsonSchema @Chat -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue
        $sent = LastRequest
        $sent.response_format.type | Should -Be 'json_object'
        $sent.messages[-1].content | Should -Match '"additionalProperties"'
        # The server's json_object answer is an echo, not a receipt: the validation says so, keeping the text.
        $r | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'AnswerNotValid,VisionPS.Commands.InvokeVisionChatCommand'
        $errs[0].Exception.RawText | Should -Match '"model":"gpt-4o"'
    }

    It 'the catalog''s jsonSchema=false falls back to json_object too' {
        $catalog = Join-Path $Work 'catalog.json'
        '{ "version": 1, "models": [ { "id": "gpt-4o", "provider": "openai", "vision": true, "jsonSchema": false } ] }' | Set-Content $catalog
        $env:VISIONPS_MODEL_CATALOG = $catalog
        try {
            Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -InformationAction Ignore -ErrorAction SilentlyContinue | Out-Null
            (LastRequest).response_format.type | Should -Be 'json_object'
        }
        finally { Remove-Item Env:VISIONPS_MODEL_CATALOG -ErrorAction Ignore }
    }

    It 'an answer that is not JSON, or breaks the schema, is a non-terminating error that keeps the raw text; the rest go on' {
        Add-VisionTestFault $Server @{ kind = 'jsonAnswer'; answer = 'invalid' }
        $r = $Receipts | Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -InformationAction Ignore -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AnswerNotJson,VisionPS.Commands.InvokeVisionChatCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errs[0].TargetObject | Should -Be $Receipts[0]
        $errs[0].Exception.RawText | Should -BeLike '*{not json'

        Add-VisionTestFault $Server @{ kind = 'jsonAnswer'; answer = 'mismatch' }
        Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -InformationAction Ignore -ErrorVariable errs2 -ErrorAction SilentlyContinue | Out-Null
        $errs2[0].FullyQualifiedErrorId | Should -Be 'AnswerNotValid,VisionPS.Commands.InvokeVisionChatCommand'
        $errs2[0].Exception.Message | Should -Match "required property 'vendor' is missing"

        Add-VisionTestFault $Server @{ kind = 'jsonAnswer'; answer = 'truncated' }
        Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -InformationAction Ignore -ErrorVariable errs3 -ErrorAction SilentlyContinue | Out-Null
        $errs3[0].FullyQualifiedErrorId | Should -Be 'AnswerNotJson,VisionPS.Commands.InvokeVisionChatCommand'
        $errs3[0].Exception.Result.FinishReason | Should -Be 'length'
    }

    It 'Compare-Image takes -Schema too' {
        $diff = @{ type = 'object'; properties = @{ prompt = @{ type = 'string' }; same = @{ type = 'boolean' } }; required = @('prompt', 'same'); additionalProperties = $false }
        $r = Compare-Image $Receipts[0] $Receipts[1] -Schema $diff @Chat -InformationAction Ignore
        $r.Data.same | Should -BeTrue
        $r.Identical | Should -BeTrue
        (LastRequest).response_format.type | Should -Be 'json_schema'
    }

    It 'an invalid -Schema stops the command with InvalidSchema' {
        { Invoke-VisionChat 'x' -Schema '[1,2]' @Chat -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSchema,VisionPS.Commands.InvokeVisionChatCommand'
    }

    It 'never shows the API key' {
        $all = & { Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -Verbose -Debug } *>&1 | Out-String
        Add-VisionTestFault $Server @{ kind = 'jsonAnswer'; answer = 'invalid' }
        $all += & { Invoke-VisionChat 'Vendor?' -Schema $Schema @Chat -ErrorAction Continue } *>&1 | Out-String
        $all | Should -Match 'AnswerNotJson|not valid JSON'
        $all | Should -Not -Match ([regex]::Escape($Server.ApiKey))
    }
}
