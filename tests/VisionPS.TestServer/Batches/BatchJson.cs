using System.Text.Json;

namespace VisionPS.TestServer.Batches;

/// <summary>JSON of the spec's OpenAIFile, Batch and list objects, written field by field.</summary>
internal static class BatchJson
{
    public static void WriteFile(Utf8JsonWriter w, StoredFile f)
    {
        w.WriteStartObject();
        w.WriteText("id", f.Id);
        w.WriteString("object", "file");
        w.WriteNumber("bytes", f.Bytes);
        w.WriteNumber("created_at", f.CreatedAt);
        w.WriteNull("expires_at");
        w.WriteText("filename", f.Filename);
        w.WriteText("purpose", f.Purpose);
        w.WriteString("status", "processed");
        w.WriteNull("status_details");
        w.WriteEndObject();
    }

    public static void WriteBatch(Utf8JsonWriter w, ServerBatch b)
    {
        w.WriteStartObject();
        w.WriteText("id", b.Id);
        w.WriteString("object", "batch");
        w.WriteText("endpoint", b.Endpoint);
        w.WriteText("model", b.Model);
        w.WritePropertyName("errors");
        if (b.Status == "failed")
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WritePropertyName("data");
            w.WriteStartArray();
            foreach (BatchFileError e in b.FileErrors)
            {
                w.WriteStartObject();
                w.WriteText("code", e.Code);
                w.WriteText("message", e.Message);
                w.WriteText("param", e.Param);
                if (e.Line is { } line)
                {
                    w.WriteNumber("line", line);
                }
                else
                {
                    w.WriteNull("line");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteText("input_file_id", b.InputFileId);
        w.WriteString("completion_window", "24h");
        w.WriteText("status", b.Status);
        w.WriteText("output_file_id", b.OutputFileId);
        w.WriteText("error_file_id", b.ErrorFileId);
        w.WriteNumber("created_at", b.CreatedAt.ToUnixTimeSeconds());
        Time(w, "in_progress_at", b.InProgressAt);
        w.WriteNumber("expires_at", b.ExpiresAt.ToUnixTimeSeconds());
        Time(w, "finalizing_at", b.FinalizingAt);
        Time(w, "completed_at", b.CompletedAt);
        Time(w, "failed_at", b.FailedAt);
        Time(w, "expired_at", b.ExpiredAt);
        Time(w, "cancelling_at", b.CancellingAt);
        Time(w, "cancelled_at", b.CancelledAt);
        w.WritePropertyName("request_counts");
        w.WriteStartObject();
        w.WriteNumber("total", b.Total);
        w.WriteNumber("completed", b.Completed);
        w.WriteNumber("failed", b.Failed);
        w.WriteEndObject();
        w.WritePropertyName("metadata");
        if (b.Metadata is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartObject();
            foreach ((string key, string value) in b.Metadata)
            {
                w.WriteText(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>{"object":"list","data":[…],"first_id","last_id","has_more"}.</summary>
    public static string List<T>(IReadOnlyList<T> page, bool hasMore, Func<T, string> id, Action<Utf8JsonWriter, T> write) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WritePropertyName("data");
        w.WriteStartArray();
        foreach (T item in page)
        {
            write(w, item);
        }

        w.WriteEndArray();
        w.WriteText("first_id", page.Count > 0 ? id(page[0]) : null);
        w.WriteText("last_id", page.Count > 0 ? id(page[^1]) : null);
        w.WriteBoolean("has_more", hasMore);
        w.WriteEndObject();
    });

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            w.WriteNumber(name, value.ToUnixTimeSeconds());
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
