namespace ERaport.Read.ReadModel;

/// <summary>How far the read model has come, for readers that must see their own writes: a command
/// answers with the sequence it produced and the next read waits, briefly, until that is applied.</summary>
public sealed class ReadModelPosition
{
    private readonly Lock _lock = new();
    private long _current;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Current => Volatile.Read(ref _current);

    public void Advance(long sequence)
    {
        TaskCompletionSource advanced;
        lock (_lock)
        {
            if (sequence <= _current)
                return;
            Volatile.Write(ref _current, sequence);
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        advanced.TrySetResult();
    }

    /// <summary>True once the read model holds <paramref name="sequence"/>; false when the wait timed out.</summary>
    public async Task<bool> WaitForAsync(long sequence, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (Current < sequence)
        {
            Task next;
            lock (_lock)
                next = _advanced.Task;
            if (Current >= sequence)
                break;
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Current >= sequence;
            }
        }
        return true;
    }
}
