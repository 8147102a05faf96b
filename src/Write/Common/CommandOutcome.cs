namespace ERaport.Write.Common;

public enum OutcomeStatus
{
    Accepted,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>A reason a command was refused: a stable <see cref="Code"/> for programs and a
/// <see cref="Message"/> in Bahasa Indonesia for people. <see cref="Details"/> says which cell or field.</summary>
public sealed record DomainError(string Code, string Message, IReadOnlyDictionary<string, object?>? Details = null)
{
    /// <summary>The same error, saying which row of a list or file it is about (details "row").</summary>
    public DomainError AtRow(int row) =>
        this with { Details = new Dictionary<string, object?>(Details ?? new Dictionary<string, object?>()) { ["row"] = row } };
}

/// <summary>The answer to a command. <see cref="Sequence"/> is the last event sequence it produced, the
/// token a reader waits for (read-your-writes); 0 when nothing changed.</summary>
public sealed record CommandOutcome(OutcomeStatus Status, long Sequence, int Changes, IReadOnlyList<DomainError> Errors)
{
    public bool IsAccepted => Status == OutcomeStatus.Accepted;

    /// <summary>Answered from the receipt of the same command carried out before (a resend, a double click): what this send
    /// made afresh on the server (a one-time password) was not stored.</summary>
    public bool Repeated { get; init; }

    /// <summary>Refused because another command has spent its id (<c>command.id_reused</c>): sent again, it needs a new id.</summary>
    public bool IdSpent => Errors.Any(e => e.Code == CommandPipeline.IdReused.Code);

    public static CommandOutcome Accepted(long sequence, int changes) => new(OutcomeStatus.Accepted, sequence, changes, []);

    public static CommandOutcome Rejected(OutcomeStatus status, params IReadOnlyList<DomainError> errors) =>
        new(status, 0, 0, errors);
}

/// <summary>What a pure decision returns: events to append, or why not.</summary>
public sealed record Decision(IReadOnlyList<object> Events, OutcomeStatus Status, IReadOnlyList<DomainError> Errors, int Changes)
{
    public static readonly Decision Nothing = new([], OutcomeStatus.Accepted, [], 0);
    public static Decision Append(int changes, IReadOnlyList<object> events) => new(events, OutcomeStatus.Accepted, [], changes);
    public static Decision Append(params IReadOnlyList<object> events) => new(events, OutcomeStatus.Accepted, [], events.Count);
    public static Decision Reject(OutcomeStatus status, params IReadOnlyList<DomainError> errors) => new([], status, errors, 0);
    public static Decision Invalid(params IReadOnlyList<DomainError> errors) => Reject(OutcomeStatus.Invalid, errors);
    public bool IsAccepted => Status == OutcomeStatus.Accepted;
}
