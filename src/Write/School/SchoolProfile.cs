namespace ERaport.Write.School;

/// <summary>The school's identity as the report card prints it.</summary>
public sealed class SchoolProfile
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Npsn { get; set; } = "";
    public string City { get; set; } = "";
    public SchoolProfileData? Data { get; set; }

    public static SchoolProfile Create(SchoolRegistered e) =>
        new() { Name = e.Name, Npsn = e.Npsn, City = e.City, Data = SchoolProfileData.Of(e) };

    public void Apply(SchoolProfileUpdated e) => (Name, Npsn, City, Data) = (e.Data.Name, e.Data.Npsn, e.Data.City, e.Data);
}
