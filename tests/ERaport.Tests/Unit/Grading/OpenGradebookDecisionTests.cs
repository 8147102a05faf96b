using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

public class OpenGradebookDecisionTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin", TestEvents.SchoolId);

    private static OpenGradebook Open(params string[] objectives) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), objectives, Admin, EntrySource.Form);

    [Fact]
    public void opening_a_gradebook_numbers_its_learning_objectives_tp1_tp2_and_trims_them()
    {
        var c = Open(" Menjelaskan pecahan ", "Menghitung luas");

        var d = OpenGradebookHandler.Decide(null, c);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        var opened = d.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>();
        (opened.GradebookId, opened.TermId, opened.ClassId, opened.SubjectId, opened.TeacherId)
            .ShouldBe((c.GradebookId, c.TermId, c.ClassId, c.SubjectId, c.TeacherId));
        opened.LearningObjectives.ShouldBe(new[]
        {
            new LearningObjective("tp1", "TP1", "Menjelaskan pecahan"),
            new LearningObjective("tp2", "TP2", "Menghitung luas"),
        });
    }

    [Fact]
    public void a_gradebook_needs_at_least_one_learning_objective()
    {
        var d = OpenGradebookHandler.Decide(null, Open());

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.count");
    }

    [Fact]
    public void a_gradebook_takes_at_most_30_learning_objectives()
    {
        var thirty = Enumerable.Range(1, OpenGradebookHandler.MaxLearningObjectives).Select(i => $"TP ke-{i}").ToArray();

        OpenGradebookHandler.Decide(null, Open(thirty)).Status.ShouldBe(OutcomeStatus.Accepted);
        OpenGradebookHandler.Decide(null, Open([.. thirty, "satu lagi"])).Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.count");
    }

    [Fact]
    public void a_blank_learning_objective_is_refused()
    {
        OpenGradebookHandler.Decide(null, Open("Menjelaskan pecahan", "  ")).Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.required");
    }

    [Fact]
    public void opening_a_gradebook_twice_is_a_conflict()
    {
        var existing = Gradebook.Create(new GradebookOpened(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), []));

        var d = OpenGradebookHandler.Decide(existing, Open("Menjelaskan pecahan"));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("gradebook.already_opened");
    }
}
