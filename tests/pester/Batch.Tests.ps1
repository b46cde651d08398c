#Requires -Version 7.4
# Pester 5 tests of the Batch API cmdlets (issue 13), against out/VisionPS and the project's test server, whose batch
# clock moves only when a test advances it (POST /_test/clock).

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

Describe 'Submit-VisionBatch, Get-VisionBatch, Receive-VisionBatch' {
    It 'hands back the same ChatResult as Invoke-VisionChat, one per input, tied to it' {
        $job = $Photos | Submit-VisionBatch 'Describe this image' @Chat -JobPath (New-JobPath)
        $job.Requests | Should -Be 3
        $job.BatchIds | Should -HaveCount 1
        $status = $job | Get-VisionBatch
        $status.Status | Should -Be 'validating'
        Move-BatchClock
        $status = $job | Get-VisionBatch -Wait -PollIntervalSec 1
        $status.Status | Should -Be 'completed'
        $status.PercentComplete | Should -Be 100

        $batch = @($job | Receive-VisionBatch) | Sort-Object { $_.Images[0] }
        $online = @($Photos | Invoke-VisionChat 'Describe this image' @Chat -NoStream -InformationAction Ignore) | Sort-Object { $_.Images[0] }
        $batch | Should -HaveCount 3
        for ($i = 0; $i -lt 3; $i++) {
            $batch[$i] | Should -BeOfType ([VisionPS.ChatResult])
            $batch[$i].Images | Should -Be $online[$i].Images
            $batch[$i].Text | Should -BeExactly $online[$i].Text
            $batch[$i].Usage.PromptTokens | Should -Be $online[$i].Usage.PromptTokens
            $batch[$i].Estimate.PromptTokens | Should -Be $online[$i].Estimate.PromptTokens
            $batch[$i].Messages.Count | Should -Be $online[$i].Messages.Count
        }

        @($job | Receive-VisionBatch) | Should -HaveCount 0
        @($job | Receive-VisionBatch -All) | Should -HaveCount 3
    }

    It 'journals each received line once, with its image, usage and error (issue 19)' {
        $saved = $env:VISIONPS_HISTORY_PATH
        $env:VISIONPS_HISTORY_PATH = Join-Path $Work ('history-' + [guid]::NewGuid().ToString('N') + '.db')
        Set-BatchFault @{ failEveryNthLine = 2 } | Out-Null
        try {
            $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath (New-JobPath)
            Move-BatchClock
            $results = @($job | Receive-VisionBatch -ErrorAction SilentlyContinue)
            @($job | Receive-VisionBatch -All -ErrorAction SilentlyContinue) | Out-Null
            $rows = @(Get-VisionHistory)
        }
        finally { Set-BatchFault @{ failEveryNthLine = 0 } | Out-Null; $env:VISIONPS_HISTORY_PATH = $saved }
        $rows | Should -HaveCount 3
        @($rows | Where-Object Command -ne 'Receive-VisionBatch') | Should -HaveCount 0
        ($rows | Where-Object ErrorId).Images | Should -Be $Photos[1].FullName
        $answered = @($rows | Where-Object { -not $_.ErrorId })
        $answered | Should -HaveCount 2
        ($answered.TotalTokens | Measure-Object -Sum).Sum | Should -Be (($results.Usage.TotalTokens | Measure-Object -Sum).Sum)
        $answered[0].ImageHashes | Should -Match '^[0-9a-f]{64}$'
    }

    It 'writes each request body exactly as Invoke-VisionChat -RequestBodyOnly does' {
        $job = Submit-VisionBatch 'What is this?' -Image $Photos[0].FullName @Chat -JobPath (New-JobPath) -Detail low -MaxTokens 50
        $line = Get-Content (Get-ChildItem $job.JobPath -Filter *.jsonl).FullName
        $prefix = '{"custom_id":"' + $job.JobId + '-0","method":"POST","url":"/v1/chat/completions","body":'
        $line.StartsWith($prefix) | Should -BeTrue
        $body = $line.Substring($prefix.Length, $line.Length - $prefix.Length - 1)
        $body | Should -BeExactly (Invoke-VisionChat 'What is this?' -Image $Photos[0].FullName @Chat -Detail low -MaxTokens 50 -NoStream -RequestBodyOnly)
    }

    It 'writes one non-terminating error per failed input, with the input as its target, and goes on' {
        Set-BatchFault @{ failEveryNthLine = 2 } | Out-Null
        try {
            $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath (New-JobPath)
            Move-BatchClock
            $results = @($job | Receive-VisionBatch -ErrorVariable failures -ErrorAction SilentlyContinue)
        }
        finally { Set-BatchFault @{ failEveryNthLine = 0 } | Out-Null }
        $results | Should -HaveCount 2
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ApiServerError,VisionPS.Commands.ReceiveVisionBatchCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $failures[0].TargetObject | Should -Be $Photos[1].FullName
    }

    It 'reports an unreadable input at submit and submits the rest' {
        $job = @($Photos[0].FullName, (Join-Path $Work 'not-an-image.bin')) | Submit-VisionBatch 'Describe' @Chat -JobPath (New-JobPath) -ErrorVariable bad -ErrorAction SilentlyContinue
        $job.Requests | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -Match '^ImageFormatNotRecognized,'
    }

    It 'says a batch is not finished yet without stopping, and -WhatIf shows the split and the batch price and sends nothing' {
        $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath (New-JobPath)
        @($job | Receive-VisionBatch -ErrorVariable notReady -ErrorAction SilentlyContinue) | Should -HaveCount 0
        $notReady[0].FullyQualifiedErrorId | Should -Be 'BatchNotFinished,VisionPS.Commands.ReceiveVisionBatchCommand'

        $uploads = @(Get-Uploads).Count
        $script = "Import-Module '$RepoRoot/out/VisionPS/VisionPS.psd1'; Get-ChildItem '$Work/photos' | Sort-Object Name | Submit-VisionBatch 'Describe' -BaseUrl '$($Server.BaseUrl)' -Model gpt-4o -MaxRequestsPerBatch 2 -WhatIf"
        $text = (& dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -Command $script) -join "`n"
        $text | Should -Match 'as 2 batch\(es\)'
        $text | Should -Match 'batch 1: 2 requests'
        $text | Should -Match 'batch 2: 1 requests'
        $text | Should -Match 'USD at the batch price'
        @(Get-Uploads).Count | Should -Be $uploads
    }

    It 'cancels a job''s batches with Stop-VisionBatch; what never ran comes back as BatchRequestCancelled' {
        $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath (New-JobPath)
        ($job | Stop-VisionBatch -Confirm:$false).Status | Should -Be 'cancelling'
        Move-BatchClock 30
        ($job | Get-VisionBatch).Status | Should -Be 'cancelled'
        @($job | Receive-VisionBatch -ErrorVariable cancelled -ErrorAction SilentlyContinue) | Should -HaveCount 0
        $cancelled | Should -HaveCount 3
        $cancelled | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'BatchRequestCancelled,VisionPS.Commands.ReceiveVisionBatchCommand' }
        Get-VisionBatch -Id $job.BatchIds[0] -BaseUrl $Server.BaseUrl | Select-Object -ExpandProperty Status | Should -Be 'cancelled'
    }

    It 'lists the provider''s batches' {
        $listed = Get-VisionBatch -List -First 100 -BaseUrl $Server.BaseUrl -ApiKey $Server.ApiKey
        $listed.Count | Should -BeGreaterThan 2
        $listed[0] | Should -BeOfType ([VisionPS.VisionBatchStatus])
    }

    It 'refuses to continue a job with other settings' {
        $path = New-JobPath
        $Photos[0] | Submit-VisionBatch 'Describe' @Chat -JobPath $path | Out-Null
        { $Photos[0] | Submit-VisionBatch 'Something else' @Chat -JobPath $path -ErrorAction Stop } | Should -Throw -ErrorId 'BatchJobMismatch,VisionPS.Commands.SubmitVisionBatchCommand'
    }

    It 'never writes the API key to any stream, the job folder or a result' {
        $path = New-JobPath
        $all = & {
            $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath $path -Verbose
            Move-BatchClock
            Get-VisionBatch -JobPath $path -Verbose
            Receive-VisionBatch -JobPath $path -Verbose
            Receive-VisionBatch -JobPath (Join-Path $Work 'nothing-here') -ErrorAction Continue
        } *>&1
        ($all | Out-String -Width 500) | Should -Not -Match $Server.ApiKey
        ($all | Where-Object { $_ -is [VisionPS.ChatResult] } | ConvertTo-Json -Depth 4 -WarningAction Ignore) | Should -Not -Match $Server.ApiKey
        Get-ChildItem $path | ForEach-Object { Get-Content -Raw $_.FullName } | Should -Not -Match $Server.ApiKey
    }
}

Describe 'An Azure OpenAI classic profile (resource root, deployment, api-version, api-key header)' {
    BeforeAll {
        $script:SavedConfig = $env:VISIONPS_CONFIG_DIR
        $script:SavedApiKey = $env:VISIONPS_API_KEY
        $env:VISIONPS_CONFIG_DIR = Join-Path $Work ('config-' + [guid]::NewGuid().ToString('N'))
        # The key reaches the cmdlets only through the profile's variable, sent by Azure's api-key header.
        $env:VISIONPS_API_KEY = $null
        $env:PESTER_AZURE_BATCH_KEY = $Server.ApiKey
        Set-VisionProvider azbatch -Kind AzureOpenAI -BaseUrl $Server.Root -Deployment gpt-4o -KeyVariable PESTER_AZURE_BATCH_KEY
    }

    AfterAll {
        $env:VISIONPS_CONFIG_DIR = $SavedConfig
        $env:VISIONPS_API_KEY = $SavedApiKey
        $env:PESTER_AZURE_BATCH_KEY = $null
    }

    # The test server serves /openai/files and /openai/batches only with the api-key header and an api-version, and
    # there takes only the endpoint and line url /chat/completions (Bearer on /v1/... would be refused).
    It 'submits, waits for and receives a job through /openai/files and /openai/batches, never writing the key' {
        $path = New-JobPath
        $all = & {
            $job = $Photos | Submit-VisionBatch 'Describe this image' -Provider azbatch -JobPath $path -Verbose
            $job
            Move-BatchClock
            $job | Get-VisionBatch -Wait -PollIntervalSec 1 -Verbose
            $job | Receive-VisionBatch -Verbose
        } *>&1
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | Should -HaveCount 0
        $job = $all | Where-Object { $_.GetType().Name -eq 'VisionBatchJob' }
        $job.Requests | Should -Be 3
        ($all | Where-Object { $_.GetType().Name -eq 'VisionBatchStatus' }).Status | Should -Be 'completed'
        $results = @($all | Where-Object { $_ -is [VisionPS.ChatResult] })
        $results | Should -HaveCount 3
        $results | ForEach-Object { $_.Text | Should -Not -BeNullOrEmpty }
        ($all | Out-String -Width 500) | Should -Not -Match $Server.ApiKey
        ($results | ConvertTo-Json -Depth 4 -WarningAction Ignore) | Should -Not -Match $Server.ApiKey
        Get-ChildItem -Recurse -File $path | ForEach-Object { Get-Content -Raw $_.FullName } | Should -Not -Match $Server.ApiKey
        # What was uploaded, read back through Azure's route: each line names /chat/completions and the deployment.
        $upload = @(Get-Uploads)[-1]
        $content = Invoke-RestMethod -Uri "$($Server.Root)/openai/files/$($upload.fileId)/content?api-version=2024-10-21" -Headers @{ 'api-key' = $Server.ApiKey }
        $lines = @(($content -split "`n") | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
        $lines | Should -HaveCount 3
        $lines.url | Sort-Object -Unique | Should -BeExactly '/chat/completions'
        $lines.body.model | Sort-Object -Unique | Should -BeExactly 'gpt-4o'
    }
}

Describe 'A killed submit, run again' {
    It 'sends every image once and loses no result when the process dies mid-upload' {
        $path = New-JobPath
        Set-BatchFault @{ stall = 'upload' } | Out-Null
        $before = @(Get-Uploads).Count
        $reached = (Invoke-RestMethod -Uri "$($Server.Root)/_test/batch-faults").stallsReached
        $script = "Import-Module '$RepoRoot/out/VisionPS/VisionPS.psd1'; Get-ChildItem '$Work/photos' | Sort-Object Name | Submit-VisionBatch 'Describe' -BaseUrl '$($Server.BaseUrl)' -Model gpt-4o -JobPath '$path'"
        $child = Start-Process dotnet -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-Command', $script) -PassThru
        try {
            # Wait for the child to reach the stall (the server holds its upload), then kill it there.
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ((Invoke-RestMethod -Uri "$($Server.Root)/_test/batch-faults").stallsReached -eq $reached -and -not $child.HasExited) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The child never reached the upload.' }
                Start-Sleep -Milliseconds 100
            }
            $child.HasExited | Should -BeFalse
        }
        finally { $child.Kill($true); $child.WaitForExit() }

        $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath $path
        $job.Skipped | Should -Be 3
        $digests = @(Get-Uploads | Select-Object -Skip $before | ForEach-Object { $_.imageDigests })
        $digests | Should -HaveCount 3
        @($digests | Sort-Object -Unique) | Should -HaveCount 3
        Move-BatchClock
        $results = @($job | Receive-VisionBatch)
        $results | Should -HaveCount 3
        @($results | ForEach-Object { $_.Images[0] } | Sort-Object) | Should -Be @($Photos.FullName | Sort-Object)
    }
}

Describe 'An unnamed job' {
    It 'is found again by the same command, in $env:VISIONPS_DATA_DIR' {
        $saved = $env:VISIONPS_DATA_DIR
        $env:VISIONPS_DATA_DIR = Join-Path $Work 'data'
        try {
            $first = $Photos[0] | Submit-VisionBatch 'Unnamed job' @Chat
            $second = $Photos | Submit-VisionBatch 'Unnamed job' @Chat
            $second.JobPath | Should -Be $first.JobPath
            $second.JobPath | Should -BeLike (Join-Path $Work 'data/batches/job-*')
            ($second.Skipped, $second.Requests) | Should -Be @(1, 3)
        }
        finally { $env:VISIONPS_DATA_DIR = $saved }
    }
}

Describe 'A killed receive, run again' {
    It 'hands over every result exactly once when the process dies mid-download' {
        $path = New-JobPath
        $job = $Photos | Submit-VisionBatch 'Describe' @Chat -JobPath $path
        Move-BatchClock
        $seen = Join-Path $Work ('seen-' + [guid]::NewGuid().ToString('N') + '.txt')
        Set-BatchFault @{ stall = 'content' } | Out-Null
        $reached = (Invoke-RestMethod -Uri "$($Server.Root)/_test/batch-faults").stallsReached
        $script = "Import-Module '$RepoRoot/out/VisionPS/VisionPS.psd1'; Receive-VisionBatch -JobPath '$path' | ForEach-Object { Add-Content -LiteralPath '$seen' -Value `$_.Images[0] }"
        $child = Start-Process dotnet -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-Command', $script) -PassThru
        try {
            # Kill it once the server holds the rest of the output file and the child has handed over what came before.
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (((Invoke-RestMethod -Uri "$($Server.Root)/_test/batch-faults").stallsReached -eq $reached -or -not (Test-Path $seen)) -and -not $child.HasExited) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The child never reached the middle of the download.' }
                Start-Sleep -Milliseconds 100
            }
            $child.HasExited | Should -BeFalse
        }
        finally { $child.Kill($true); $child.WaitForExit() }

        $before = @(Get-Content $seen)
        $before.Count | Should -BeGreaterThan 0
        $before.Count | Should -BeLessThan 3
        $after = @($job | Receive-VisionBatch | ForEach-Object { $_.Images[0] })
        @($before + $after | Sort-Object) | Should -Be @($Photos.FullName | Sort-Object)
    }
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
