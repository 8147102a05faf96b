namespace ERaport.Benchmark;

/// <summary>Latency samples in milliseconds, appended from many workers, each with when it ended (so that a stretch of a
/// phase, such as a rebuild's index building, can be summarised apart).</summary>
public sealed class Samples
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset At, double Milliseconds)> _values = [];

    public void Add(double milliseconds)
    {
        var at = DateTimeOffset.UtcNow;
        lock (_lock)
            _values.Add((at, milliseconds));
    }

    public int Count
    {
        get { lock (_lock) return _values.Count; }
    }

    public Summary Summarize()
    {
        lock (_lock)
            return Summary.Of(_values.Select(v => v.Milliseconds));
    }

    /// <summary>The samples that ended in [from, to).</summary>
    public Summary Summarize(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_lock)
            return Summary.Of(_values.Where(v => v.At >= from && v.At < to).Select(v => v.Milliseconds));
    }
}

/// <summary>Count, mean and nearest-rank percentiles of a set of latencies (ms). All zero when empty.</summary>
public sealed record Summary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static readonly Summary Empty = new(0, 0, 0, 0, 0, 0);

    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return Empty;
        return new Summary(sorted.Length, sorted.Average(), Percentile.NearestRank(sorted, 50), Percentile.NearestRank(sorted, 95),
            Percentile.NearestRank(sorted, 99), sorted[^1]);
    }
}

public static class Percentile
{
    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/> values: the smallest value such that
    /// at least <paramref name="p"/> % of the samples are at or below it (no interpolation, so it is always a
    /// latency that was actually observed).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("No samples.", nameof(sorted));
        if (p is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(p));
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>Events (or cells, requests) per second; zero for an empty interval.</summary>
    public static double Rate(double count, TimeSpan elapsed) => elapsed.TotalSeconds <= 0 ? 0 : count / elapsed.TotalSeconds;
}

public enum Comparison
{
    AtLeast,
    AtMost,
}

/// <summary>A target from issue 7 next to what was measured. <see cref="Status"/> is "pass", "FAIL", or "n/a" when
/// nothing was measured; a context ("stress", "mix", "ran out", ...) says the load differed from the target's, e.g.
/// "FAIL (stress)", and <see cref="Note"/> says how.</summary>
public sealed record TargetResult(string Metric, double? Measured, string Unit, Comparison Comparison, double Threshold, string Status, string Note)
{
    public static TargetResult Check(string metric, double? measured, string unit, Comparison comparison, double threshold, string note = "",
        string? context = null)
    {
        var status = measured is not { } value || double.IsNaN(value) ? "n/a"
            : (comparison == Comparison.AtLeast ? value >= threshold : value <= threshold) ? "pass" : "FAIL";
        if (context is not null && status != "n/a")
            status = $"{status} ({context})";
        return new TargetResult(metric, measured, unit, comparison, threshold, status, note);
    }

    public string TargetText => $"{(Comparison == Comparison.AtLeast ? "≥" : "≤")} {Format.Number(Threshold)} {Unit}";

    public string MeasuredText => Measured is { } value && !double.IsNaN(value) ? $"{Format.Number(value)} {Unit}" : "not measured";
}

public static class Format
{
    public static string Number(double value) =>
        value switch
        {
            _ when value == Math.Floor(value) && Math.Abs(value) < 1e15 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            >= 1000 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            >= 100 => value.ToString("F0", System.Globalization.CultureInfo.InvariantCulture),
            >= 10 => value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
        };
}
