namespace ERaport.Write.Common;

/// <summary>The signed-in person a command is sent on behalf of. Filled by the web layer from the
/// authenticated principal, never from a request body.</summary>
public sealed record Actor(Guid UserId, string UserName, string SchoolId);

/// <summary>Through what a change entered the system; kept on every event as a header.</summary>
public enum EntrySource
{
    Form,
    Api,
    SpreadsheetImport,
    Calculation,
    Seed,

    /// <summary>A score corrected after lock because the principal approved the teacher's request.</summary>
    Approval,
}
