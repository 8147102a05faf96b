namespace ERaport.Write.Grading;

/// <summary>How much each part counts in the final grade. The official e-Rapor formula has two parts,
/// SLM (mean of the TP scores) and SAS, default 1:1. <see cref="Sts"/> is the mid-semester test of schemes
/// such as 60/20/20 (SLM/STS/SAS); 0 leaves it out (no STS column).</summary>
public sealed record Weights(int Slm, int Sts, int Sas)
{
    public static readonly Weights Default = new(1, 0, 1);

    public const int Max = 100;

    public int Total => Slm + Sts + Sas;

    public bool HasMidSemester => Sts > 0;

    /// <summary>Whether both give every student the same final grade: 2 : 0 : 2 is 1 : 0 : 1.</summary>
    public bool SameRatioAs(Weights other) =>
        Slm * other.Total == other.Slm * Total && Sts * other.Total == other.Sts * Total && Sas * other.Total == other.Sas * Total;
}

/// <summary>The final grade (nilai akhir, NA) of one student as calculated. <see cref="Value"/> is null
/// until every TP and every SAS part (and STS when weighted) has a score; the means are shown meanwhile.</summary>
public sealed record FinalGradeResult(int? Value, bool Complete, decimal? SlmMean, decimal? Sas, int? Sts)
{
    public static readonly FinalGradeResult Empty = new(null, false, null, null, null);
}

public static class FinalGrade
{
    /// <summary>NA = round((b1 × mean(SLM) + b2 × SAS [+ b3 × STS]) / (b1 + b2 [+ b3])), SAS = mean of the
    /// SAS parts present, rounded half away from zero to a whole number.</summary>
    public static FinalGradeResult Calculate(IReadOnlyList<int?> slm, IReadOnlyList<int?> sasParts, int? sts, Weights weights)
    {
        var slmScores = slm.OfType<int>().ToList();
        var sasScores = sasParts.OfType<int>().ToList();
        var stsScore = weights.HasMidSemester ? sts : null;
        var complete = slm.Count > 0 && slmScores.Count == slm.Count
            && sasParts.Count > 0 && sasScores.Count == sasParts.Count
            && (!weights.HasMidSemester || stsScore is not null)
            && weights.Total > 0;

        int? value = null;
        if (complete)
        {
            // One exact fraction, never means first: a mean such as 250/3 is not exact in decimal, and
            // 82.4999… instead of 82.5 would round the wrong way.
            decimal nSlm = slmScores.Count, nSas = sasScores.Count;
            var numerator = weights.Slm * slmScores.Sum() * nSas
                + weights.Sas * sasScores.Sum() * nSlm
                + weights.Sts * (stsScore ?? 0) * nSlm * nSas;
            var denominator = weights.Total * nSlm * nSas;
            value = (int)Math.Round(numerator / denominator, 0, MidpointRounding.AwayFromZero);
        }

        return new FinalGradeResult(value, complete, Mean(slmScores), Mean(sasScores), stsScore);
    }

    /// <summary>Rounded to two places for showing; the grade itself is calculated from the sums.</summary>
    private static decimal? Mean(IReadOnlyCollection<int> scores) =>
        scores.Count == 0 ? null : Math.Round((decimal)scores.Sum() / scores.Count, 2, MidpointRounding.AwayFromZero);
}
