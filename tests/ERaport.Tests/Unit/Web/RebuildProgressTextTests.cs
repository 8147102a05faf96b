using ERaport.Read.ReadModel;
using ERaport.Web.Components.Operations;

namespace ERaport.Tests.Unit.Web;

public sealed class RebuildProgressTextTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 18, 15, 0, 0, TimeSpan.Zero);

    private static readonly RebuildProgress Applying = RebuildProgress.Idle with
    {
        State = RebuildState.Running, StartedAt = Start, Done = 250_000, Total = 1_000_000, EventsPerSecond = 31_250, TimeLeft = TimeSpan.FromSeconds(24),
    };

    [Fact]
    public void while_applying_the_count_the_speed_and_the_time_left_are_shown()
    {
        Applying.Stage.ShouldBe(RebuildStage.Applying);
        RebuildProgressText.Describe(Applying, Start.AddSeconds(8))
            .ShouldBe("Sedang berjalan: menerapkan 250.000 / 1.000.000 perubahan (25%), 31.250 perubahan/detik, sisa ± 24 detik.");
    }

    /// <summary>Right after the button, before the events are counted, "0 / 0 perubahan (0%), 0 perubahan/detik" read as a rebuild
    /// with nothing to do, or one that is stuck.</summary>
    [Fact]
    public void before_the_events_are_counted_the_page_says_the_rebuild_is_starting_instead_of_zero_of_zero()
    {
        var starting = RebuildProgress.Idle with { State = RebuildState.Running, StartedAt = Start };

        starting.Stage.ShouldBe(RebuildStage.Applying);
        RebuildProgressText.Describe(starting, Start.AddSeconds(1))
            .ShouldBe("Sedang berjalan: baru dimulai, menghitung perubahan yang akan diterapkan.");
    }

    [Fact]
    public void once_every_event_is_applied_the_page_says_the_indexes_are_being_built_and_for_how_long_instead_of_zero_seconds_left()
    {
        var indexing = Applying with { Done = 1_000_000, AppliedAt = Start.AddSeconds(32), TimeLeft = null };

        indexing.Stage.ShouldBe(RebuildStage.BuildingIndexes);
        RebuildProgressText.Describe(indexing, Start.AddSeconds(37))
            .ShouldBe("Sedang berjalan: 1.000.000 perubahan sudah diterapkan; kini menyusun indeks dan memeriksa berkas baru (sudah 5 detik).");
    }

    [Fact]
    public void after_the_indexes_the_page_says_the_new_file_is_about_to_replace_the_old_one()
    {
        var swapping = Applying with { Done = 1_000_000, AppliedAt = Start.AddSeconds(32), IndexedAt = Start.AddSeconds(42) };

        swapping.Stage.ShouldBe(RebuildStage.Swapping);
        RebuildProgressText.Describe(swapping, Start.AddSeconds(42)).ShouldStartWith("Sedang berjalan: indeks selesai;");
    }

    [Fact]
    public void a_finished_rebuild_has_no_stage_and_says_how_long_it_took()
    {
        var done = Applying with
        {
            State = RebuildState.Succeeded, Done = 1_000_120, Total = 1_000_120, AppliedAt = Start.AddSeconds(32), IndexedAt = Start.AddSeconds(42),
            FinishedAt = Start.AddSeconds(43),
        };

        done.Stage.ShouldBeNull();
        RebuildProgressText.Describe(done, Start.AddMinutes(5))
            .ShouldBe("Selesai: 1.000.120 / 1.000.120 perubahan (100%), 31.250 perubahan/detik, dalam 43 detik.");
    }
}
