using ERaport.Read.Grading;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Which of a class's gradebook locks the lock page names once: those one command locked together.</summary>
public class ClassLockViewTests
{
    private static readonly LockInfo ByWali = new("wali.x1", "Wali X-1", new DateTimeOffset(2026, 12, 18, 21, 0, 0, TimeSpan.FromHours(7)));

    private static ClassGradebookLock Gradebook(string subject, LockInfo? locked, string? command) =>
        new(new GradebookSummary(Guid.NewGuid(), Guid.Empty, Guid.Empty, "X-1", Guid.NewGuid(), subject, 1, Guid.Empty, "", "2026/2027", 1), locked, command);

    private static ClassLockView Class(params ClassGradebookLock[] gradebooks) => new(Guid.Empty, "X-1", Guid.Empty, "2026/2027", 1, gradebooks);

    [Fact]
    public void the_gradebooks_one_command_locked_are_locked_together_and_a_lone_lock_or_an_open_gradebook_is_not()
    {
        var (math, physics) = (Gradebook("Matematika", ByWali, "lock-1"), Gradebook("Fisika", ByWali, "lock-1"));
        var opened = Gradebook("Kimia", ByWali, "opening-1");
        var open = Gradebook("Biologi", null, null);

        Class(math, opened, physics, open).LockedTogether().ShouldBe([math, physics]);
    }

    [Fact]
    public void no_gradebooks_are_locked_together_when_each_command_locked_one_or_the_command_is_unknown()
    {
        Class(Gradebook("Matematika", ByWali, "lock-1"), Gradebook("Fisika", ByWali, "lock-2")).LockedTogether().ShouldBeEmpty();
        Class(Gradebook("Matematika", ByWali, null), Gradebook("Fisika", ByWali, null)).LockedTogether().ShouldBeEmpty();
    }
}
