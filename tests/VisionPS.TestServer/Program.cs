// Placeholder: the strict OpenAI-compatible test server is built here.
return 0;
