using ERaport.Benchmark;

namespace ERaport.Tests.Unit.Benchmark;

/// <summary>The benchmark's report math (bench/ERaport.Benchmark). No timing is asserted anywhere.</summary>
public class BenchmarkMathTests
{
    [Fact]
    public void nearest_rank_percentiles_are_observed_values()
    {
        double[] sorted = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Percentile.NearestRank(sorted, 50).ShouldBe(50);
        Percentile.NearestRank(sorted, 95).ShouldBe(95);
        Percentile.NearestRank(sorted, 99).ShouldBe(99);
        Percentile.NearestRank(sorted, 100).ShouldBe(100);
        Percentile.NearestRank([7.5], 99).ShouldBe(7.5);
        Percentile.NearestRank([1, 2, 3], 0).ShouldBe(1);
    }

    [Fact]
    public void a_summary_sorts_its_samples_and_an_empty_one_is_zero()
    {
        var summary = Summary.Of([30, 10, 20, 40]);

        summary.ShouldBe(new Summary(4, 25, 20, 40, 40, 40));
        Summary.Of([]).ShouldBe(Summary.Empty);
        Percentile.Rate(150, TimeSpan.FromSeconds(30)).ShouldBe(5);
        Percentile.Rate(150, TimeSpan.Zero).ShouldBe(0);
    }

    [Fact]
    public void targets_pass_fail_or_say_what_was_not_measured()
    {
        TargetResult.Check("cells/s", 16_000, "cells/s", Comparison.AtLeast, 15_000).Status.ShouldBe("pass");
        TargetResult.Check("p99", 51, "ms", Comparison.AtMost, 50).Status.ShouldBe("FAIL");
        TargetResult.Check("pdf", null, "ms", Comparison.AtMost, 150).Status.ShouldBe("n/a");
        TargetResult.Check("p99", 224, "ms", Comparison.AtMost, 50, context: "stress").Status.ShouldBe("FAIL (stress)");
        TargetResult.Check("p99", null, "ms", Comparison.AtMost, 50, context: "stress").Status.ShouldBe("n/a");
    }

    [Fact]
    public void settings_drive_only_a_loopback_app()
    {
        var settings = Settings.Parse(["--url", "http://127.0.0.1:5080", "--logins", "x.tsv", "--duration", "10", "--phases", "saves,rebuild",
            "--students", "32", "--schools", "3"]);

        settings.Duration.ShouldBe(10);
        settings.Shape.StudentsMin.ShouldBe(32);
        settings.Shape.StudentsMax.ShouldBe(32);
        settings.Schools.ShouldBe(3);
        settings.CorrectionSeconds.ShouldBe(10);
        settings.Phases.ShouldBe(["saves", "rebuild"], ignoreOrder: true);
        Should.Throw<ArgumentException>(() => Settings.Parse(["--url", "http://10.0.0.5:5080", "--logins", "x.tsv"]));
        Should.Throw<ArgumentException>(() => Settings.Parse(["--url", "http://127.0.0.1:5080", "--logins", "x.tsv", "--bogus", "1"]));
    }
}
