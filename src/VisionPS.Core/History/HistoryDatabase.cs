using Microsoft.Data.Sqlite;

namespace VisionPS.Core.History;

/// <summary>
/// The journal's SQLite file: created readable by its user only, WAL (readers never wait for the writer, a killed
/// writer leaves the last committed row), a busy timeout so another process's write waits instead of failing, and
/// an application id that tells our file from someone else's. <see cref="RunJournal"/> keeps one connection per file
/// and process: opening and checking costs far more than a row.
/// </summary>
internal static class HistoryDatabase
{
    /// <summary>'VPSH' (PRAGMA application_id): a SQLite file without it and with tables is not ours.</summary>
    public const int ApplicationId = 0x56505348;

    /// <summary>The schema this code writes (PRAGMA user_version).</summary>
    public const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS requests (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            run TEXT NOT NULL,
            command TEXT,
            profile TEXT,
            base_url TEXT,
            model TEXT,
            images TEXT,
            image_count INTEGER NOT NULL DEFAULT 0,
            prompt TEXT,
            prompt_hash TEXT,
            system_prompt TEXT,
            system_prompt_hash TEXT,
            schema_name TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_tokens INTEGER,
            cost REAL,
            currency TEXT,
            duration_ms INTEGER,
            ttft_ms INTEGER,
            request_id TEXT,
            finish_reason TEXT,
            error_id TEXT,
            from_cache INTEGER NOT NULL DEFAULT 0,
            cache_key TEXT);
        CREATE INDEX IF NOT EXISTS requests_time ON requests(time);
        CREATE TABLE IF NOT EXISTS answers (
            key TEXT PRIMARY KEY,
            time INTEGER NOT NULL,
            completion TEXT NOT NULL,
            request_id TEXT,
            cost REAL,
            currency TEXT) WITHOUT ROWID;
        """;

    /// <summary>An open connection to the journal at <paramref name="path"/>, creating the file if needed and checking it.</summary>
    /// <exception cref="HistoryUnavailableException">The file is damaged, not a VisionPS history, or from a newer VisionPS.</exception>
    public static SqliteConnection Open(string path)
    {
        Prepare(path);
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;");
            Initialize(connection, path);
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Unavailable(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A SQLite error that means the file itself is unusable (not transient like a lock), as the typed exception.</summary>
    public static HistoryUnavailableException Unavailable(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        26 => new HistoryUnavailableException(path, "it is not a SQLite database (damaged, or another program's file).", e),
        11 => new HistoryUnavailableException(path, "the database is damaged (SQLite: " + e.Message + ").", e),
        _ => new HistoryUnavailableException(path, e.Message, e),
    };

    /// <summary>Closes this process's connection to the file (tests that delete or swap it).</summary>
    public static void Forget(string path) => RunJournal.Close(path);

    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    // The folder and an empty file, both private to the user, before SQLite opens it: SQLite gives -wal and -shm the
    // database file's mode, so the three stay 600.
    private static void Prepare(string path)
    {
        string folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (!File.Exists(path))
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var created = new FileStream(path, options);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first.
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            foreach (string file in new[] { path, path + "-wal", path + "-shm" })
            {
                try
                {
                    if (File.Exists(file) && (File.GetUnixFileMode(file) & others) != 0)
                    {
                        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }
                }
                catch (UnauthorizedAccessException)
                {
                    // Someone else's file: SQLite's open reports what matters.
                }
            }
        }
    }

    private static void Initialize(SqliteConnection connection, string path)
    {
        long application = Scalar(connection, "PRAGMA application_id");
        if (application == 0)
        {
            // New, or being created by another process this very moment: decide under the write lock, where the
            // application id and the tables are read in one snapshot. auto_vacuum only takes before the first table.
            Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL;");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            application = Scalar(connection, "PRAGMA application_id", transaction);
            if (application == 0)
            {
                if (Scalar(connection, "SELECT count(*) FROM sqlite_master", transaction) > 0)
                {
                    throw new HistoryUnavailableException(path, "it is a SQLite database of another program, not a VisionPS history.");
                }

                Execute(connection, Schema, transaction);
                Execute(connection, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {SchemaVersion};", transaction);
                transaction.Commit();
                return;
            }

            transaction.Commit();
        }

        if (application != ApplicationId)
        {
            throw new HistoryUnavailableException(path, "it is a SQLite database of another program, not a VisionPS history.");
        }

        long version = Scalar(connection, "PRAGMA user_version");
        if (version > SchemaVersion)
        {
            throw new HistoryUnavailableException(path, $"it was written by a newer VisionPS (schema {version}; this one reads {SchemaVersion}).");
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
