namespace ERaport.Write.School;

/// <summary>A mata pelajaran as the school teaches it.</summary>
public sealed class Subject
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";

    public static Subject Create(SubjectAdded e) => new() { Name = e.Name };
}
