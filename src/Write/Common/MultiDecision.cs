namespace ERaport.Write.Common;

/// <summary>Events for several streams that one decision appends together (a move touches two
/// classes; an import touches hundreds of students and classes). <see cref="IsNew"/> starts the stream.</summary>
public sealed record StreamEvents(string StreamKey, Type Aggregate, bool IsNew, IReadOnlyList<object> Events);

/// <summary>A decision that may touch several streams.</summary>
public sealed record MultiDecision(IReadOnlyList<StreamEvents> Streams, OutcomeStatus Status, IReadOnlyList<DomainError> Errors, int Changes)
{
    public bool IsAccepted => Status == OutcomeStatus.Accepted;

    public static readonly MultiDecision Nothing = new([], OutcomeStatus.Accepted, [], 0);

    public static MultiDecision Append(int changes, IReadOnlyList<StreamEvents> streams) =>
        new(streams.Where(s => s.Events.Count > 0).ToList(), OutcomeStatus.Accepted, [], changes);

    public static MultiDecision Reject(OutcomeStatus status, params IReadOnlyList<DomainError> errors) => new([], status, errors, 0);

    public static MultiDecision From(Decision d, string streamKey, Type aggregate, bool isNew = false) =>
        d.IsAccepted ? Append(d.Changes, [new StreamEvents(streamKey, aggregate, isNew, d.Events)]) : Reject(d.Status, [.. d.Errors]);
}
