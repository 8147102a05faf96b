using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Every grading command is for the teacher of record only, as SaveScores is.</summary>
public class GradingCommandAuthorizationTests
{
    public static TheoryData<string, Func<Gradebook?, Actor, Decision>> Commands => new()
    {
        { "add TP", (g, by) => AddLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "Menulis cerpen", by, EntrySource.Form)) },
        { "revise TP", (g, by) => ReviseLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "tp1", "Baru", ObjectiveTexts[0], by, EntrySource.Form)) },
        { "remove TP", (g, by) => RemoveLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "tp1", "alasan", by, EntrySource.Form)) },
        { "weights", (g, by) => ChangeGradingSchemeHandler.Decide(g, new(Guid.NewGuid(), Id, new Weights(2, 0, 1), 75, by, EntrySource.Form)) },
        { "override", (g, by) => OverrideFinalGradeHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, "80", null, "remedial", by, EntrySource.Form)) },
        { "clear override", (g, by) => ClearFinalGradeOverrideHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, 80, "salah", by, EntrySource.Form)) },
        { "mark", (g, by) => MarkAchievementHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, [new("tp1", true, null)], by, EntrySource.Form)) },
        { "edit description", (g, by) => EditDescriptionHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, "Baik sekali.", null, by, EntrySource.Form)) },
        { "reset description", (g, by) => ResetDescriptionHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, "Baik sekali.", by, EntrySource.Form)) },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void another_teacher_is_forbidden_and_nothing_is_appended(string command, Func<Gradebook?, Actor, Decision> decide)
    {
        var d = decide(New(), OtherTeacher);

        d.Status.ShouldBe(OutcomeStatus.Forbidden, command);
        d.Codes().ShouldBe(["gradebook.not_teacher_of_record"]);
        d.Events.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void a_missing_gradebook_is_not_found(string command, Func<Gradebook?, Actor, Decision> decide)
    {
        var d = decide(null, TeacherOfRecord);

        d.Status.ShouldBe(OutcomeStatus.NotFound, command);
        d.Codes().ShouldBe(["gradebook.not_found"]);
    }
}
