namespace ERaport.Read.School;

public sealed record SchoolRow(string SchoolId, string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip);

public sealed record TermRow(Guid TermId, string SchoolId, string SchoolYear, int Semester, DateOnly? ReportDate);

public sealed record ClassRow(Guid ClassId, string SchoolId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public sealed record StudentRow(
    Guid StudentId, string SchoolId, string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion);

public sealed record EnrollmentRow(Guid ClassId, Guid StudentId);

public sealed record SubjectRow(Guid SubjectId, string SchoolId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp);
