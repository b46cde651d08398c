@{
    RootModule           = 'VisionPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0d3c52-8f4e-4a55-9d3b-6c1e2a7b9e41'
    Author               = 'VisionPS contributors'
    CompanyName          = 'VisionPS'
    Copyright            = '(c) VisionPS contributors. MIT License.'
    Description          = 'Put images in front of vision-language models from PowerShell: any OpenAI-compatible /chat/completions endpoint (OpenAI, Azure OpenAI, SiliconFlow, DashScope, OpenRouter, vLLM, Ollama, LM Studio, llama.cpp). Streams answers, reports token usage.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    # Loaded before TypesToProcess so the CodeProperties there (VisionPS.Views) resolve; it is the RootModule as well.
    RequiredAssemblies   = @('VisionPS.dll')
    FormatsToProcess     = @('VisionPS.format.ps1xml')
    TypesToProcess       = @('VisionPS.types.ps1xml')
    CmdletsToExport      = @(
        'ConvertTo-ImagePart'
        'Invoke-VisionChat'
        'Get-VisionModel'
        'Set-VisionProvider'
        'Get-VisionProvider'
        'Remove-VisionProvider'
        'Test-VisionProvider'
        'Submit-VisionBatch'
        'Get-VisionBatch'
        'Receive-VisionBatch'
        'Stop-VisionBatch'
        'Compare-Image'
        'Get-VisionHistory'
        'Clear-VisionHistory'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AI', 'Vision', 'OpenAI', 'LLM', 'VLM', 'Image', 'ChatCompletions', 'Ollama', 'vLLM', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'Sends images (files, http(s) and data: URLs, ImagePart objects) to any OpenAI-compatible vision model: Invoke-VisionChat streams answers or returns structured data (-Schema), with token estimates, cost and -MaxCost on every result; ConvertTo-ImagePart resizes, turns upright, strips metadata and re-encodes under the model''s byte budget; Compare-Image compares before/after pairs; Set-/Get-/Test-/Remove-VisionProvider keep named providers with keys from SecretManagement vaults; Submit-/Get-/Receive-/Stop-VisionBatch run large jobs through the providers'' Batch API. Help offline: Get-Help about_VisionPS*.'
        }
    }
}
