namespace ERaport.Read.ReadModel;

/// <summary>How far the read model has come, for readers that must see their own writes: a command
/// answers with the sequence it produced and the next read waits, briefly, until that is applied.</summary>
public sealed class ReadModelPosition
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Queue<(DateTimeOffset At, long Sequence)> _samples = new();
    private long _current;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WriteFailure? _failure;

    public long Current => Volatile.Read(ref _current);

    /// <summary>Why the last page could not be written (a full disk, a locked file), until a page is written again.</summary>
    public WriteFailure? Failure => Volatile.Read(ref _failure);

    /// <summary>A page was not written; the subscription tries it again by itself.</summary>
    public void Failed(Exception error) => Volatile.Write(ref _failure, new WriteFailure(error.Message, DateTimeOffset.UtcNow));

    /// <summary>How fast the read model has been moving over the last minute, in sequence numbers per second.</summary>
    public double EventsPerSecond
    {
        get
        {
            lock (_lock)
            {
                if (_samples.Count < 2)
                    return 0;
                var (firstAt, firstSequence) = _samples.Peek();
                var seconds = (DateTimeOffset.UtcNow - firstAt).TotalSeconds;
                return seconds <= 0 ? 0 : (_current - firstSequence) / seconds;
            }
        }
    }

    public void Advance(long sequence)
    {
        Volatile.Write(ref _failure, null);
        TaskCompletionSource advanced;
        lock (_lock)
        {
            if (sequence <= _current)
                return;
            Volatile.Write(ref _current, sequence);
            var now = DateTimeOffset.UtcNow;
            _samples.Enqueue((now, sequence));
            while (_samples.Count > 2 && now - _samples.Peek().At > RateWindow)
                _samples.Dequeue();
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

/// <summary>The error that kept the read model from writing a page, and when.</summary>
public sealed record WriteFailure(string Error, DateTimeOffset At);
