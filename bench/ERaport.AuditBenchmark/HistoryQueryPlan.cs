using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ERaport.AuditBenchmark;

/// <summary>Keeps a copy of each paged history query (the one with LIMIT) EF Core runs, on <c>file</c> alone when named (tests
/// run beside others), so that its plan can be explained after the query ran. Used by this benchmark and the explorer's tests.</summary>
public sealed class HistoryQueryCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly string? _file;
    private readonly List<SqliteCommand> _paged = [];

    public HistoryQueryCapture(string? file = null)
    {
        _file = file;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>The paged history queries in the order they ran.</summary>
    public IReadOnlyList<SqliteCommand> Paged
    {
        get
        {
            lock (_paged)
                return [.. _paged];
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Value is not CommandEventData { Command: SqliteCommand command } || _file is not null && command.Connection?.DataSource != _file
            || !command.CommandText.Contains("LIMIT") || !command.CommandText.Contains("ScoreChanges"))
            return;
        var copy = new SqliteCommand(command.CommandText);
        foreach (SqliteParameter p in command.Parameters)
            copy.Parameters.AddWithValue(p.ParameterName, p.Value);
        lock (_paged)
            _paged.Add(copy);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscriptions.ForEach(s => s.Dispose());

    /// <summary>SQLite's plan for <paramref name="query"/> on <paramref name="file"/>, its steps joined by "; ".</summary>
    public static async Task<string> PlanAsync(string file, SqliteCommand query)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + query.CommandText;
        foreach (SqliteParameter p in query.Parameters)
            explain.Parameters.AddWithValue(p.ParameterName, p.Value);
        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            steps.Add(reader.GetString(3));
        return string.Join("; ", steps);
    }
}
