using System.Text;

namespace ERaport.Write.School;

/// <summary>A rombongan belajar in one term, with its roster: what grade decisions check students against.</summary>
public sealed class SchoolClass
{
    public string Id { get; set; } = "";
    private Guid _classId;

    /// <summary>Snapshots stored before this property existed read it from the stream key.</summary>
    public Guid ClassId { get => _classId != Guid.Empty ? _classId : MasterData.IdOf(Id); set => _classId = value; }
    public Guid TermId { get; set; }
    public string Name { get; set; } = "";
    public int Level { get; set; }
    public string Phase { get; set; } = "";
    public Guid? HomeroomTeacherId { get; set; }
    public HashSet<Guid> StudentIds { get; set; } = [];

    public static SchoolClass Create(ClassOpened e) =>
        new() { ClassId = e.ClassId, TermId = e.TermId, Name = e.Name, Level = e.Level, Phase = e.Phase, HomeroomTeacherId = e.HomeroomTeacherId };

    /// <summary>The name in lower case with every run of digits padded to ten places, so that the ordinal order of keys
    /// is the natural order of names ("x-0000000002" before "x-0000000010"): a school with more than nine parallel classes
    /// expects X-2 before X-10.</summary>
    public static string OrderKey(string name)
    {
        var key = new StringBuilder(name.Length + 16);
        for (var i = 0; i < name.Length;)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                key.Append(char.ToLowerInvariant(name[i++]));
                continue;
            }
            var start = i;
            while (i < name.Length && char.IsAsciiDigit(name[i]))
                i++;
            var digits = name.AsSpan(start, i - start).TrimStart('0');
            key.Append('0', Math.Max(0, 10 - digits.Length)).Append(digits);
        }
        return key.ToString();
    }

    public void Apply(StudentEnrolled e) => StudentIds.Add(e.StudentId);

    public void Apply(StudentMovedIn e) => StudentIds.Add(e.StudentId);

    public void Apply(StudentMovedOut e) => StudentIds.Remove(e.StudentId);

    public void Apply(StudentWithdrawn e) => StudentIds.Remove(e.StudentId);

    public void Apply(ClassUpdated e) => (Name, Level, Phase, HomeroomTeacherId) = (e.Name, e.Level, e.Phase, e.HomeroomTeacherId);
}
