using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Write.School;

/// <summary>Sets the weights (SLM : STS : SAS) a term's teaching assignments start with, e.g. 60 : 20 : 20 for a
/// school that follows the raporkumer convention. Gradebooks opened from then on carry them in their
/// <see cref="GradebookOpened"/> (the gradebook never reads the term); those already open keep theirs, and their
/// teacher changes them (<see cref="ChangeGradingScheme"/>). The rules are the gradebook's own.</summary>
public sealed record ChangeTermDefaultWeights(Guid CommandId, Guid TermId, Weights Weights, Actor By, EntrySource Source) : ICommand;

public sealed record TermDefaultWeightsChanged(Guid TermId, Weights Weights);

public static class ChangeTermDefaultWeightsHandler
{
    public static Decision Decide(Term? current, Acting by, ChangeTermDefaultWeights c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null)
            return Decision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound);
        var weights = c.Weights ?? Weights.Default;
        return Rules.Check(
            () => weights == current.GradingDefault ? Decision.Nothing : Decision.Append(new TermDefaultWeightsChanged(current.TermId, weights)),
            ChangeGradingSchemeHandler.CheckWeights(weights));
    }

    public static Task<CommandOutcome> Handle(ChangeTermDefaultWeights c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Term>(session, c, StreamKeys.Term(c.By.SchoolId, c.TermId),
            (current, by) => Decide(current, by, c), ct);
}
