namespace ERaport.Write.School;

/// <summary>A peserta didik, independent of the class they sit in this term.</summary>
public sealed class Student
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Nisn { get; set; } = "";

    public static Student Create(StudentRegistered e) => new() { Name = e.Name, Nisn = e.Nisn };
}
