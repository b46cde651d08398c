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
            ProjectUri   = 'https://github.com/visionps/VisionPS'
            LicenseUri   = 'https://github.com/visionps/VisionPS/blob/main/LICENSE'
            ReleaseNotes = 'Foundation: Invoke-VisionChat and ConvertTo-ImagePart. Imaging: images are resized, turned upright, re-encoded under a byte budget and stripped of metadata before sending (-NoResize, -KeepMetadata, -Quality, -MaxSize, -MaxBytes). Models: Get-VisionModel (catalog + provider list), token estimates and cost on every result, -WhatIf and -MaxCost. Help: Get-Help for every cmdlet and about_VisionPS; -BaseUrl completes the known provider roots.'
        }
    }
}
