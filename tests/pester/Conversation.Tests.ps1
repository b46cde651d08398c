#Requires -Version 7.4
# Pester 5: conversations that last (issue 10 point 5) against the test server.

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Images = Join-Path $RepoRoot '../shared/testdata/images'
    Import-Module (Join-Path $RepoRoot 'out/VisionPS/VisionPS.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServer.psm1') -Force
    $script:Server = Start-VisionTestServer -RepoRoot $RepoRoot
    $script:Chat = @{ BaseUrl = $Server.BaseUrl; ApiKey = $Server.ApiKey; Model = 'gpt-4o' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("visionps-conversation-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:Photo = Join-Path $Work 'a.jpg'
    Copy-Item (Join-Path $Images 'jpeg/baseline_420_227x149.jpg') $Photo
    function script:LastRequest { @(Get-VisionTestRequests $Server)[-1].json }
}

AfterAll {
    Stop-VisionTestServer $Server
    Remove-Item -Recurse -Force $Work -ErrorAction Ignore
    Remove-Item Env:VISIONPS_MODEL_CATALOG -ErrorAction Ignore
}

Describe 'Conversations' {
    It 'keeps the images as sent and the system prompt when continuing' {
        $r1 = Invoke-VisionChat 'Describe' -Image $Photo -SystemPrompt 'Be brief.' @Chat -InformationAction Ignore
        $firstUrl = (LastRequest).messages[1].content[0].image_url.url
        $r2 = $r1 | Invoke-VisionChat 'And the colours?' @Chat -InformationAction Ignore
        $sent = LastRequest
        $sent.messages.role | Should -Be @('system', 'user', 'assistant', 'user')
        $sent.messages[0].content | Should -Be 'Be brief.'
        $sent.messages[1].content[0].image_url.url | Should -BeExactly $firstUrl
        $r2.Conversation.Turns | Should -Be 2
        $r2.Conversation.PromptTokens | Should -Be ($r1.Usage.PromptTokens + $r2.Usage.PromptTokens)
        $r2.Estimate.PromptTokens | Should -Be $r2.Usage.PromptTokens
    }

    It 'saves to JSON and restores with images and usage totals intact' {
        $r1 = Invoke-VisionChat 'Describe' -Image $Photo @Chat -InformationAction Ignore
        $r2 = $r1 | Invoke-VisionChat 'More' @Chat -InformationAction Ignore
        $file = Join-Path $Work 'conversation.json'
        $r2.Conversation | ConvertTo-Json -Depth 8 | Set-Content $file
        $saved = Get-Content $file -Raw | ConvertFrom-Json
        $saved.Turns | Should -Be 2
        $saved.Messages[0].Parts[0].Image.Width | Should -Be 227

        $r3 = Invoke-VisionChat 'Once more' -Conversation $saved @Chat -InformationAction Ignore
        $sent = LastRequest
        $sent.messages.Count | Should -Be 5
        $sent.messages[0].content[0].image_url.url | Should -BeExactly $r2.Messages[0].Content.Parts[0].ImageUrl.Url
        $r3.Conversation.Turns | Should -Be 3
        $r3.Conversation.PromptTokens | Should -Be ($r2.Conversation.PromptTokens + $r3.Usage.PromptTokens)
        $r3.Conversation.CompletionTokens | Should -Be ($r2.Conversation.CompletionTokens + $r3.Usage.CompletionTokens)
        (Get-Content $file -Raw) | Should -Not -Match ([regex]::Escape($Server.ApiKey))
    }

    It 'leaves out the oldest images first when the conversation would pass the context, and warns' {
        $catalog = Join-Path $Work 'catalog.json'
        '{ "version": 1, "models": [ { "id": "gpt-4o", "provider": "openai", "vision": true, "contextLength": 700, "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170 } } ] }' | Set-Content $catalog
        $env:VISIONPS_MODEL_CATALOG = $catalog
        try {
            $r = Invoke-VisionChat 'one' -Image $Photo @Chat -InformationAction Ignore
            $r = Invoke-VisionChat 'two' -Conversation $r -Image $Photo @Chat -InformationAction Ignore -WarningAction SilentlyContinue
            $r = Invoke-VisionChat 'three' -Conversation $r -Image $Photo @Chat -InformationAction Ignore -WarningVariable warns -WarningAction SilentlyContinue
            ($warns -join "`n") | Should -Match 'left out its \d+ oldest image'
            $sent = LastRequest
            $sent.messages[0].content[0].text | Should -BeLike '[[]image left out*'
            @($sent.messages | ForEach-Object { $_.content } | Where-Object type -eq 'image_url').Count | Should -BeLessThan 3
        }
        finally { Remove-Item Env:VISIONPS_MODEL_CATALOG -ErrorAction Ignore }
    }

    It 'refuses something that is not a conversation with InvalidConversation' {
        { Invoke-VisionChat 'x' -Conversation '{"Turns":1}' @Chat -ErrorAction Stop } | Should -Throw '*not a saved conversation*'
    }
}
