#Requires -Version 7.4
# Pester 5 tests of the run journal and the answer cache (issue 19), against out/VisionPS and the project's test server.
# Every test points $env:VISIONPS_HISTORY_PATH at its own temp file; child pwsh processes inherit it.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot -ApiKey 'pester-history-KEY-5b8c2e'
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o'; InformationAction = 'Ignore' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-history-pester-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path (Join-Path $Work 'photos') | Out-Null
    # 22 different small photos (ImageMagick): 20 for the first runs, 2 added later.
    New-Item -ItemType Directory -Path (Join-Path $Work 'all') | Out-Null
    foreach ($i in 1..22) {
        & convert -size 96x64 "gradient:rgb($($i * 11),40,90)-rgb(250,$($i * 9),20)" -fill white -pointsize 18 -draw "text 8,40 'photo $i'" (Join-Path $Work ('all/p{0:d2}.jpg' -f $i))
    }
    # A fresh pwsh: 'pwsh' on PATH (CI), else the repository's local tool ('dotnet pwsh', run from the repository root).
    function script:Start-Pwsh([string] $Script, [switch] $RedirectError) {
        $onPath = Get-Command pwsh -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        $psi = [System.Diagnostics.ProcessStartInfo]::new($(if ($onPath) { $onPath.Source } else { 'dotnet' }))
        if (-not $onPath) { $psi.ArgumentList.Add('pwsh') }
        foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $Script)) { $psi.ArgumentList.Add($a) }
        $psi.WorkingDirectory = $RepoRoot
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = [bool]$RedirectError
        $psi.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($psi)
    }
    $script:SavedPath = $env:VISIONPS_HISTORY_PATH
    function script:Use-NewJournal { $env:VISIONPS_HISTORY_PATH = Join-Path $Work ("journal-" + [guid]::NewGuid().ToString('N') + '/history.db'); $env:VISIONPS_HISTORY_PATH }
    function script:Get-Sent { @(Get-VisionTestRequests $Server).Count }
}

AfterAll {
    $env:VISIONPS_HISTORY_PATH = $SavedPath
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
}

Describe 'The answer cache: run 20 photos, run again, add 2' {
    It 'sends 20, then 0, then 2 requests, and Get-VisionHistory reports every run with its usage and cost' {
        Use-NewJournal | Out-Null
        $photos = Join-Path $Work 'photos'
        Copy-Item (Join-Path $Work 'all/p0[1-9].jpg'), (Join-Path $Work 'all/p1[0-9].jpg'), (Join-Path $Work 'all/p20.jpg') $photos
        (Get-ChildItem $photos).Count | Should -Be 20
        $before = Get-Sent

        $first = Get-ChildItem $photos | Invoke-VisionChat 'Describe the photo' @Chat -Cache
        $afterFirst = Get-Sent
        $second = Get-ChildItem $photos | Invoke-VisionChat 'Describe the photo' @Chat -Cache
        $afterSecond = Get-Sent
        Copy-Item (Join-Path $Work 'all/p21.jpg'), (Join-Path $Work 'all/p22.jpg') $photos
        $third = Get-ChildItem $photos | Invoke-VisionChat 'Describe the photo' @Chat -Cache
        $afterThird = Get-Sent

        ($afterFirst - $before) | Should -Be 20
        ($afterSecond - $afterFirst) | Should -Be 0
        ($afterThird - $afterSecond) | Should -Be 2
        @($first | Where-Object FromCache).Count | Should -Be 0
        @($second | Where-Object FromCache).Count | Should -Be 20
        @($third | Where-Object FromCache).Count | Should -Be 20
        @($second | Where-Object { $_.Cost.Amount -ne 0 }).Count | Should -Be 0
        $second[0].Usage.TotalTokens | Should -Be ($first | Where-Object { $_.Images[0] -eq $second[0].Images[0] }).Usage.TotalTokens

        $runs = Get-VisionHistory -Cost -GroupBy Run
        $runs.Count | Should -Be 3
        $runs.Requests | Should -Be @(20, 0, 2)
        $runs.FromCache | Should -Be @(0, 20, 20)
        $runs[0].Cost | Should -BeGreaterThan 0
        $runs[1].Cost | Should -Be 0
        $runs[2].Cost | Should -BeGreaterThan 0
        $runs[2].Cost | Should -BeLessThan $runs[0].Cost
        $runs[0].PromptTokens | Should -Be (($first.Usage.PromptTokens | Measure-Object -Sum).Sum)
        (Get-VisionHistory).Count | Should -Be 62
    }

    It '-WhatIf says how many requests the cache answers and what is left to pay' {
        Use-NewJournal | Out-Null
        $photos = Get-ChildItem (Join-Path $Work 'all') | Select-Object -First 3
        $photos | Select-Object -First 2 | Invoke-VisionChat 'What if' @Chat -Cache | Out-Null

        $shown = @{} + $Chat
        $shown.InformationAction = 'Continue'
        $lines = $photos | Invoke-VisionChat 'What if' @shown -Cache -WhatIf 6>&1 | ForEach-Object { "$_" }

        # One photo is ~263 prompt tokens, ~0.000658 USD at gpt-4o's catalog price.
        $lines | Should -Contain 'What if: 3 request(s): 2 answered from the cache, 1 to send (~0.000658 USD prompt estimate).' -Because ($lines -join "`n")
    }

    It '-Refresh sends again and the new answer replaces the old one' {
        Use-NewJournal | Out-Null
        $photo = Join-Path $Work 'all/p01.jpg'
        Invoke-VisionChat 'Refresh me' -Image $photo @Chat -Cache | Out-Null
        $sent = Get-Sent

        $fresh = Invoke-VisionChat 'Refresh me' -Image $photo @Chat -Refresh
        $cached = Invoke-VisionChat 'Refresh me' -Image $photo @Chat -Cache

        (Get-Sent) - $sent | Should -Be 1
        $fresh.FromCache | Should -BeFalse
        $cached.FromCache | Should -BeTrue
        $cached.RequestId | Should -Be $fresh.RequestId
    }
}

Describe 'Get-VisionHistory and Clear-VisionHistory' {
    BeforeAll {
        Use-NewJournal | Out-Null
        Invoke-VisionChat 'One' -Image (Join-Path $Work 'all/p01.jpg') @Chat | Out-Null
        Invoke-VisionChat 'Two' -Image (Join-Path $Work 'all/p02.jpg') @Chat -Model gpt-4o-mini | Out-Null
        Add-VisionTestFault $Server @{ kind = 'status'; status = 400 }
        Invoke-VisionChat 'Three' -Image (Join-Path $Work 'all/p03.jpg') @Chat -ErrorAction SilentlyContinue -MaximumRetryCount 0
    }

    It 'filters by model, source and error, and rows go into Export-Csv' {
        (Get-VisionHistory -Model 'gpt-4o-mini*').Prompt | Should -Be 'Two'
        (Get-VisionHistory '*p01.jpg').Prompt | Should -Be 'One'
        (Get-VisionHistory -Failed).ErrorId | Should -Be 'ApiRequestRejected'
        $csv = Join-Path $Work 'history.csv'
        Get-VisionHistory | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 3
        $rows[0].Images | Should -BeLike '*p01.jpg'
        $rows[0].ImageHashes | Should -Match '^[0-9a-f]{64}$'
    }

    It 'Clear-VisionHistory -Before keeps newer rows; -WhatIf removes nothing' {
        Clear-VisionHistory -Before (Get-Date).AddDays(1) -WhatIf
        (Get-VisionHistory).Count | Should -Be 3
        Clear-VisionHistory -Before (Get-Date).AddDays(-1) -Confirm:$false
        (Get-VisionHistory).Count | Should -Be 3
        Clear-VisionHistory -Before (Get-Date).AddDays(1) -Confirm:$false
        @(Get-VisionHistory).Count | Should -Be 0
    }

    It '-NoJournal records nothing, and $env:VISIONPS_NO_JOURNAL turns the journal off' {
        Use-NewJournal | Out-Null
        Invoke-VisionChat 'Quiet' @Chat -NoJournal | Out-Null
        Test-Path $env:VISIONPS_HISTORY_PATH | Should -BeFalse
        $env:VISIONPS_NO_JOURNAL = '1'
        try {
            Invoke-VisionChat 'Quiet' @Chat | Out-Null
            Test-Path $env:VISIONPS_HISTORY_PATH | Should -BeFalse
            Get-VisionHistory -WarningVariable w -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            "$w" | Should -BeLike '*journal is off*'
        } finally { Remove-Item Env:VISIONPS_NO_JOURNAL }
    }
}

Describe 'Security' {
    It 'the journal never holds the key, and is readable by its user only' {
        $path = Use-NewJournal
        Invoke-VisionChat 'Secret?' -Image (Join-Path $Work 'all/p04.jpg') @Chat -Cache | Out-Null
        foreach ($file in Get-ChildItem "$path*") {
            [System.IO.File]::ReadAllText($file.FullName) | Should -Not -Match $Server.ApiKey
            [System.Text.Encoding]::Unicode.GetString([System.IO.File]::ReadAllBytes($file.FullName)) | Should -Not -Match $Server.ApiKey
            if (-not $IsWindows) { [int]$file.UnixFileMode | Should -Be ([Convert]::ToInt32('600', 8)) -Because $file.Name }
        }
        (Get-VisionHistory | ConvertTo-Json -Depth 4) | Should -Not -Match $Server.ApiKey
    }

    It 'a corrupt file gives one clear warning and the request is still answered' {
        $path = Use-NewJournal
        New-Item -ItemType Directory -Force (Split-Path $path) | Out-Null
        Set-Content -Path $path -Value ('garbage ' * 200)

        $r = Invoke-VisionChat 'Still works' @Chat -Cache -WarningVariable w1 -WarningAction SilentlyContinue
        $r2 = Invoke-VisionChat 'Still works' @Chat -Cache -WarningVariable w2 -WarningAction SilentlyContinue

        $r.Text | Should -Not -BeNullOrEmpty
        $r2.FromCache | Should -BeFalse
        @($w1).Count | Should -Be 1
        "$w1" | Should -BeLike "*$path*not a SQLite database*goes on without the journal*"
        @($w2).Count | Should -Be 0
        { Get-VisionHistory -ErrorAction Stop } | Should -Throw -ErrorId 'HistoryUnavailable,VisionPS.Commands.GetVisionHistoryCommand'
    }
}

Describe 'Many processes at once' {
    It 'four pwsh processes sending 500 requests each lose no row and never see "database is locked"' {
        $path = Use-NewJournal
        $module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
        $script = "Import-Module '$module'; `$key = '$($Server.ApiKey)'; `$n = 0; foreach (`$i in 1..500) { `$r = Invoke-VisionChat ""p`$i"" -BaseUrl '$($Server.BaseUrl)' -ApiKey `$key -Model gpt-4o -NoStream -InformationAction Ignore -WarningVariable +w -ErrorVariable +e -ErrorAction SilentlyContinue; if (`$r) { `$n++ } }; ""answered=`$n warnings=`$(`$w.Count) errors=`$(`$e.Count)"""
        $jobs = 1..4 | ForEach-Object { Start-Pwsh $script -RedirectError }
        $outputs = foreach ($p in $jobs) { $out = $p.StandardOutput.ReadToEnd(); $err = $p.StandardError.ReadToEnd(); $p.WaitForExit(); "$out$err" }

        foreach ($o in $outputs) { $o.Trim() | Should -Be 'answered=500 warnings=0 errors=0' -Because $o }
        ($outputs -join "`n") | Should -Not -Match 'locked'
        (Get-VisionHistory).Count | Should -Be 2000
        @(Get-VisionHistory -Cost -GroupBy Run).Count | Should -Be 2000
    }

    It 'a process killed while writing leaves a readable database' {
        $path = Use-NewJournal
        $module = Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1'
        $script = "Import-Module '$module'; foreach (`$i in 1..100000) { Invoke-VisionChat ""k`$i"" -BaseUrl '$($Server.BaseUrl)' -ApiKey '$($Server.ApiKey)' -Model gpt-4o -NoStream -InformationAction Ignore | Out-Null; if (`$i -eq 50) { [Console]::Out.WriteLine('fifty'); [Console]::Out.Flush() } }"
        $p = Start-Pwsh $script
        # The child says when 50 rows are in; it is killed while it goes on writing.
        $p.StandardOutput.ReadLine() | Should -Be 'fifty'
        $p.Kill($true)
        $p.WaitForExit()

        $rows = Get-VisionHistory
        $rows.Count | Should -BeGreaterOrEqual 50
        (& sqlite3 $path 'PRAGMA integrity_check;') | Should -Be 'ok'
        Invoke-VisionChat 'after the kill' @Chat | Out-Null
        (Get-VisionHistory).Count | Should -Be ($rows.Count + 1)
    }
}
