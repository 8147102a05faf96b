using System.Reflection;
using System.Text.Json;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx.Events;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

/// <summary><see cref="Gradebook.After"/> works on a copy: the loaded gradebook belongs to Marten's identity map
/// (and is the snapshot it stores), so no event a decision applies may reach it.</summary>
public class GradebookAfterTests
{
    /// <summary>One event of every type a gradebook applies, each touching what the gradebook already holds.</summary>
    private static readonly object[] EveryEvent =
    [
        new ScoresRecorded([new RecordedScore(Budi, "tp2", 55), new RecordedScore(Ani, "tp3", 66)]),
        new ScoreCorrected(Ani, "tp1", 80, 90, "salah ketik"),
        new ScoreCorrected(Ani, "tp1", 80, null, "salah siswa"),
        new LearningObjectiveAdded(LearningObjective.Numbered(5, "Menyunting teks")),
        new LearningObjectiveRevised(LearningObjective.Numbered(1, "Menganalisis teks"), ObjectiveTexts[0]),
        new LearningObjectiveRemoved(LearningObjective.Numbered(1, ObjectiveTexts[0]), "dobel", [new RemovedScore(Ani, 80)]),
        new GradingSchemeChanged(new Weights(2, 1, 1), 75),
        new FinalGradeOverridden(Ani, 90, "remedial", 85, null),
        new FinalGradeOverridden(Budi, 70, "remedial", null, null),
        new FinalGradeOverrideCleared(Ani, 88, 85, "salah"),
        new AchievementMarked(Ani, "tp2", false, null),
        new AchievementMarked(Ani, "tp1", null, true),
        new AchievementMarked(Budi, "tp1", true, null),
        new DescriptionEdited(Ani, "Sangat baik.", "Menunjukkan"),
        new DescriptionEdited(Budi, "Baik.", ""),
        new DescriptionReset(Ani, "Sangat baik."),
        new FinalGradeCalculated(Ani, 60, true, 60m, 60m, null, 85),
        new AchievementsCalculated(Ani, [new ObjectiveAchievement("tp1", null, false), new ObjectiveAchievement("tp2", true, false)]),
        new AchievementsCalculated(Budi, [new ObjectiveAchievement("tp1", true, true)]),
        new DescriptionGenerated(Ani, ""),
        new DescriptionGenerated(Budi, "Baru."),
        new ResultsCalculated([new FinalGradeCalculated(Budi, 70, true, 70m, 70m, null, null)],
            [new AchievementsCalculated(Ani, [new ObjectiveAchievement("tp1", false, false)])], [new DescriptionGenerated(Ani, "Lain.")]),
        new GradebookLocked(Guid.NewGuid(), Guid.NewGuid()),
        new GradebookUnlocked(Guid.NewGuid(), Guid.NewGuid(), "koreksi"),
        new GradebookReassigned(Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Teacher, OtherTeacher.UserId, "cuti"),
    ];

    /// <summary>Ani fully scored, with an override, a hand mark and her own description; Budi with one score.</summary>
    private static Gradebook Filled(bool locked = false)
    {
        var g = New().FullyScored(Ani, [80, 60, 75, 90], 85, 80).Scored(Budi, ("tp1", 50));
        return g.After([new FinalGradeOverridden(Ani, 88, "remedial", 83, null), new AchievementMarked(Ani, "tp1", true, null),
            new DescriptionEdited(Ani, "Sangat baik.", g.GeneratedDescriptions[Ani]), .. locked ? [new GradebookLocked(g.TermId, g.ClassId)] : Array.Empty<object>()],
            "guru.a");
    }

    public static TheoryData<int> EveryEventIndex() => [.. Enumerable.Range(0, EveryEvent.Length)];

    [Theory]
    [MemberData(nameof(EveryEventIndex))]
    public void applying_an_event_after_a_gradebook_changes_the_copy_and_leaves_the_gradebook_as_it_was(int index)
    {
        var g = Filled(locked: EveryEvent[index] is GradebookUnlocked);
        var before = JsonSerializer.Serialize(g);

        var after = g.After([EveryEvent[index]], "guru.a");

        JsonSerializer.Serialize(g).ShouldBe(before);
        JsonSerializer.Serialize(after).ShouldNotBe(before, $"{EveryEvent[index].GetType().Name} changed nothing, so it proves nothing here");
    }

    [Fact]
    public void the_copy_holds_everything_the_gradebook_holds()
    {
        var g = Filled();

        JsonSerializer.Serialize(g.After([], "guru.a")).ShouldBe(JsonSerializer.Serialize(g));
    }

    [Fact]
    public void every_event_type_a_gradebook_applies_is_checked_above()
    {
        var applied = typeof(Gradebook).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == nameof(Gradebook.Apply))
            .Select(m => m.GetParameters().Single().ParameterType)
            .Select(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEvent<>) ? t.GetGenericArguments()[0] : t);

        applied.Except(EveryEvent.Select(e => e.GetType())).ShouldBeEmpty();
    }

    [Fact]
    public void a_score_is_found_by_its_cell_in_a_gradebook_read_back_from_its_snapshot_whatever_the_length_of_the_column_key()
    {
        var longKey = new string('x', 100);
        var g = New().After([new ScoresRecorded([new RecordedScore(Ani, "tp1", 81), new RecordedScore(Ani, longKey, 82)])], "guru.a");
        var stored = JsonSerializer.Deserialize<Gradebook>(JsonSerializer.Serialize(g))!;

        foreach (var gradebook in new[] { g, stored })
        {
            gradebook.Score(Ani, "tp1")!.Value.ShouldBe(81);
            gradebook.Score(Ani, longKey)!.Value.ShouldBe(82);
            gradebook.Score(Budi, "tp1").ShouldBeNull();
            gradebook.Score(Ani, "tp2").ShouldBeNull();
        }
    }
}
