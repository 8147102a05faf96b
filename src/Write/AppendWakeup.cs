using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Services;

namespace ERaport.Write;

/// <summary>Wakes the async daemon as soon as a session of this process commits events, in place of
/// PostgreSQL NOTIFY: a transaction that sends NOTIFY holds a database-wide lock through its commit, so every
/// writer waited for every other one (docs/benchmarks.md). Events appended by another process are still found
/// by the daemon's polling (<c>FastPollingTime</c>/<c>SlowPollingTime</c>).</summary>
public sealed class AppendWakeup : DocumentSessionListenerBase, IDaemonWakeup
{
    // Holds at most one wake-up, so an append between two waits still ends the next wait at once.
    private readonly SemaphoreSlim _appended = new(0, 1);

    /// <summary>True while a commit's wake-up has not been taken by the daemon yet.</summary>
    public bool Pending => _appended.CurrentCount > 0;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token) => await _appended.WaitAsync(timeout, token);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any())
            Wake();
        return Task.CompletedTask;
    }

    // The same instance is the store's listener and outlives any one daemon; a SemaphoreSlim whose wait handle
    // is never asked for holds nothing to release.
    public void Dispose()
    {
    }

    private void Wake()
    {
        try
        {
            if (_appended.CurrentCount == 0)
                _appended.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another commit woke it in between: one wake-up is enough.
        }
    }
}
