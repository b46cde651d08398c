#Requires -Version 7.4
# Pester 5: Submit-VisionBatch with -Schema (issue 13 point 1): the same request body as Invoke-VisionChat, and
# Receive-VisionBatch validates each answer against the schema the job file recorded, giving Data as online.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    if (-not (Test-Path $Images)) { throw "Shared test data not found at $Images (expected ../shared next to the repository)." }
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot -ApiKey 'pester-batch-KEY-9f3e1a'
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    # Get-, Receive- and Stop-VisionBatch take the base URL from the job file and the key from the environment.
    $script:SavedKey = $env:VISIONPS_API_KEY
    $env:VISIONPS_API_KEY = $Server.ApiKey
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-batch-pester-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path (Join-Path $Work 'photos') | Out-Null
    Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') (Join-Path $Work 'photos/a.jpg')
    Copy-Item (Join-Path $Images 'jpeg/grayscale_32x32.jpg') (Join-Path $Work 'photos/b.jpg')
    Copy-Item (Join-Path $Images 'png/rgba_8bit_basn6a08.png') (Join-Path $Work 'photos/c.png')
    Set-Content -Path (Join-Path $Work 'not-an-image.bin') -Value 'hello'
    $script:Photos = Get-ChildItem (Join-Path $Work 'photos') | Sort-Object Name

    function script:Move-BatchClock([int] $Seconds = 300) {
        Invoke-RestMethod -Method Post -Uri "$($Server.Root)/_test/clock" -Body (@{ advanceSeconds = $Seconds } | ConvertTo-Json) -ContentType 'application/json' | Out-Null
    }
    function script:Set-BatchFault([hashtable] $Fault) {
        Invoke-RestMethod -Method Post -Uri "$($Server.Root)/_test/batch-faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
    }
    function script:Get-Uploads { (Invoke-RestMethod -Uri "$($Server.Root)/_test/uploads") | ForEach-Object { $_ } }
    function script:New-JobPath { Join-Path $Work ('job-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
}

AfterAll {
    $env:VISIONPS_API_KEY = $SavedKey
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'Submit-VisionBatch -Schema' {
    It 'sends the schema as Invoke-VisionChat does and gives each received result its Data' {
        $schema = @{ type = 'object'; properties = @{ caption = @{ type = 'string' } }; required = @('caption') }
        $two = $Photos | Select-Object -First 2
        $job = $two | Submit-VisionBatch 'Caption this image' @Chat -Schema $schema -JobPath (New-JobPath)
        $job.Requests | Should -Be 2

        $lines = @(Get-Content (Get-ChildItem $job.JobPath -Filter *.jsonl).FullName)
        $lines | Should -HaveCount 2
        $prefix = '{"custom_id":"' + $job.JobId + '-0","method":"POST","url":"/v1/chat/completions","body":'
        $lines[0].StartsWith($prefix) | Should -BeTrue
        $body = $lines[0].Substring($prefix.Length, $lines[0].Length - $prefix.Length - 1)
        $body | Should -BeExactly (Invoke-VisionChat 'Caption this image' -Image $two[0].FullName @Chat -Schema $schema -NoStream -RequestBodyOnly)
        $body | Should -Match '"response_format":\{"type":"json_schema"'

        # Another schema is another request shape: the rerun is refused.
        $other = @{ type = 'object'; properties = @{ title = @{ type = 'string' } }; required = @('title') }
        { $two | Submit-VisionBatch 'Caption this image' @Chat -Schema $other -JobPath $job.JobPath -ErrorAction Stop } |
            Should -Throw -ErrorId 'BatchJobMismatch,VisionPS.Commands.SubmitVisionBatchCommand'

        Move-BatchClock
        $results = @($job | Receive-VisionBatch -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 0
        $results | Should -HaveCount 2
        foreach ($r in $results) {
            $r | Should -BeOfType ([VisionPS.ChatResult])
            $r.Data.caption | Should -BeOfType ([string])
            $r.Data.caption | Should -Not -BeNullOrEmpty
        }
    }
}
