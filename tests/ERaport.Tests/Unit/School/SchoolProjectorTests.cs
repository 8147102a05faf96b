using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

public class SchoolProjectorTests
{
    private const string School = "sch7";

    private static List<RowChange> Project<T>(T data, string streamKey, long sequence = 5) where T : notnull =>
        Projector.Project(TestEvents.Stored(data, streamKey, userName: "admin", sequence: sequence)).ToList();

    [Fact]
    public void an_updated_profile_replaces_the_school_row_with_the_principal_title()
    {
        var data = new SchoolProfileData("SMA 1", "20212345", "Jl. 1", "Kab. Uji", "Budi", "1970", "Plt.", "Desa", "Kec", "Prov", "a@b.id", "web.id");

        Project(new SchoolProfileUpdated(data), StreamKeys.School(School)).ShouldBe(
        [
            new Upsert(new SchoolRow(School, "SMA 1", "20212345", "Jl. 1", "Kab. Uji", "Budi", "1970", "Plt.", "Desa", "Kec", "Prov", "a@b.id", "web.id")),
            new Insert(new PrincipalRow(School, 5, TestEvents.At, "Budi", "1970", "Plt.")),
        ]);
    }

    private static PrincipalRow Principal(long sequence, string name, DateTimeOffset since) => new(School, sequence, since, name, null, null);

    [Fact]
    public void a_rapor_names_the_principal_recorded_on_or_before_its_report_date_in_the_schools_time()
    {
        // Ani from July; Budi recorded at 01.00 WIB on 5 January (18.00 UTC on the 4th).
        PrincipalRow[] recorded = [Principal(9, "Budi", new DateTimeOffset(2027, 1, 4, 18, 0, 0, TimeSpan.Zero)),
            Principal(3, "Ani", new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero))];

        ReportDateRule.OnReportDate(recorded, new DateOnly(2026, 12, 19))!.Name.ShouldBe("Ani", "Ganjil's rapor, printed again in Genap");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2027, 1, 4))!.Name.ShouldBe("Ani");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2027, 1, 5))!.Name.ShouldBe("Budi");
        ReportDateRule.OnReportDate(recorded, null)!.Name.ShouldBe("Budi", "no report date yet: today's principal");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2026, 6, 20))!.Name.ShouldBe("Ani", "a term before the school's first profile: the first principal recorded");
        ReportDateRule.OnReportDate<PrincipalRow>([], null).ShouldBeNull();
    }

    [Fact]
    public void an_updated_term_replaces_its_row()
    {
        var id = Guid.NewGuid();

        Project(new TermUpdated(id, "2026/2027", 2, new DateOnly(2027, 6, 20), "Sukamaju"), StreamKeys.Term(School, id)).ShouldHaveSingleItem()
            .ShouldBe(new Upsert(new TermRow(id, School, "2026/2027", 2, new DateOnly(2027, 6, 20), "Sukamaju")));
    }

    [Fact]
    public void an_updated_class_replaces_its_row_with_the_homeroom_teacher()
    {
        var (id, term, teacher) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        Project(new ClassUpdated(id, term, "X-1", 10, "E", teacher), StreamKeys.Class(School, id)).ShouldHaveSingleItem()
            .ShouldBe(new Upsert(new ClassRow(id, School, term, "X-1", 10, "E", teacher)));
    }

    /// <summary>A principal asked why a printed rapor's name differs from today's must see what it was, not only that it changed.</summary>
    [Fact]
    public void an_updated_student_replaces_the_row_and_adds_a_history_row_with_each_changed_field_before_and_after()
    {
        var id = Guid.NewGuid();
        var before = new StudentData("Ani", "0012345678", "1", "L", "Bandung", new DateOnly(2010, 1, 2), "Islam", null, "Ayah", "Ibu", null);
        var data = before with { Name = "Ani Lestari", Sex = "P", BirthDate = new DateOnly(2010, 2, 1), Address = "Jl. Mawar 2, Sukamaju" };

        var changes = Project(new StudentUpdated(id, data, data.ChangedFrom(before), before), StreamKeys.Student(School, id));

        changes[0].ShouldBe(new Upsert(new StudentRow(id, School, "Ani Lestari", "0012345678", "1", "P", "Bandung", new DateOnly(2010, 2, 1), "Islam",
            "Jl. Mawar 2, Sukamaju", "Ayah", "Ibu")));
        changes[1].ShouldBe(new Insert(new StudentChangeRow(5, School, id, StudentChangeKind.Updated, null, null, "name,sex,birthDate,address",
            "admin", TestEvents.At, "Form",
            "nama “Ani” → “Ani Lestari”; jenis kelamin laki-laki → perempuan; tanggal lahir 2 Januari 2010 → 1 Februari 2010; " +
            "alamat (kosong) → “Jl. Mawar 2, Sukamaju”")));
    }

    [Fact]
    public void a_student_update_stored_without_the_data_before_names_the_changed_fields()
    {
        var id = Guid.NewGuid();
        var data = new StudentData("Ani", "0012345678", "1", "P", "Bandung", new DateOnly(2010, 1, 2), "Islam", "Jl. 2", "Ayah", "Ibu", null);

        var changes = Project(new StudentUpdated(id, data, ["name", "address"]), StreamKeys.Student(School, id));

        ((StudentChangeRow)((Insert)changes[1]).Row).Changes.ShouldBe("nama, alamat");
    }

    [Fact]
    public void a_move_deletes_the_enrollment_in_the_old_class_and_adds_it_in_the_new_one()
    {
        var (from, to, student) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var outOf = Project(new StudentMovedOut(student, to), StreamKeys.Class(School, from), 7);
        var into = Project(new StudentMovedIn(student, from), StreamKeys.Class(School, to), 8);

        ShouldDelete(outOf[0], from, student);
        into[0].ShouldBe(new Upsert(new EnrollmentRow(to, student)));
        ((StudentChangeRow)((Insert)outOf[1]).Row).Kind.ShouldBe(StudentChangeKind.MovedOut);
        ((StudentChangeRow)((Insert)into[1]).Row).OtherClassId.ShouldBe(from);
    }

    [Fact]
    public void a_withdrawal_deletes_the_enrollment_and_keeps_the_reason_in_the_history()
    {
        var (classId, student) = (Guid.NewGuid(), Guid.NewGuid());

        var changes = Project(new StudentWithdrawn(student, "Pindah sekolah"), StreamKeys.Class(School, classId));

        ShouldDelete(changes[0], classId, student);
        ((StudentChangeRow)((Insert)changes[1]).Row).Detail.ShouldBe("Pindah sekolah");
    }

    private static void ShouldDelete(RowChange change, Guid classId, Guid studentId)
    {
        var delete = change.ShouldBeOfType<Delete>();
        delete.RowType.ShouldBe(typeof(EnrollmentRow));
        delete.Key.ShouldBe([classId, studentId]);
    }

    [Fact]
    public void an_updated_subject_replaces_its_row_and_adds_a_version()
    {
        var id = Guid.NewGuid();

        Project(new SubjectUpdated(id, "PAI", "PAI", "Umum", 1, true, 75, "Islam"), StreamKeys.Subject(School, id)).ShouldBe(
        [
            new Upsert(new SubjectRow(id, School, "PAI", "PAI", "Umum", 1, true, 75, "Islam")),
            new Insert(new SubjectVersionRow(id, 5, School, TestEvents.At, "PAI", "PAI", "Umum", 1, true, "Islam")),
        ]);
    }

    private static SubjectVersionRow Subject(long sequence, string name, string group, int order, DateTimeOffset since) =>
        new(Guid.Empty, sequence, School, since, name, name[..3].ToUpperInvariant(), group, order, false, null);

    [Fact]
    public void a_rapor_prints_the_subject_as_it_stood_on_its_report_date_in_the_schools_time()
    {
        // Added in July 2026; renamed, regrouped and moved at 01.00 WIB on 1 July 2027 (18.00 UTC on 30 June) for the new school year.
        SubjectVersionRow[] recorded = [Subject(40, "Informatika Terapan", "Pilihan", 30, new DateTimeOffset(2027, 6, 30, 18, 0, 0, TimeSpan.Zero)),
            Subject(3, "Informatika", "Umum", 9, new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero))];
        var today = new SubjectRow(Guid.Empty, School, "Informatika Terapan", "INF", "Pilihan", 30, false, 75);

        ReportDateRule.OnReportDate(recorded, new DateOnly(2027, 6, 20))!.Of(today)
            .ShouldBe(today with { Name = "Informatika", Code = "INF", Group = "Umum", Order = 9 }, "2026/2027 Genap, reprinted a year later");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2027, 6, 30))!.Name.ShouldBe("Informatika");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2027, 12, 18))!.Name.ShouldBe("Informatika Terapan", "the new school year's rapor");
        ReportDateRule.OnReportDate(recorded, null)!.Name.ShouldBe("Informatika Terapan", "no report date yet: the subject as it is");
        ReportDateRule.OnReportDate(recorded, new DateOnly(2026, 6, 20))!.Name.ShouldBe("Informatika",
            "a term before the subject was first recorded: as it was first recorded");
        ReportDateRule.OnReportDate<SubjectVersionRow>([], null).ShouldBeNull();
    }

    [Fact]
    public void a_version_keeps_what_the_subject_printed_and_today_s_kktp()
    {
        var today = new SubjectRow(Guid.Empty, School, "Pendidikan Agama", "PA", "Umum", 1, true, 75, "Islam");

        new SubjectVersionRow(Guid.Empty, 2, School, TestEvents.At, "Pendidikan Agama dan Budi Pekerti", "PABP", "A", 2, false, null).Of(today)
            .ShouldBe(new SubjectRow(Guid.Empty, School, "Pendidikan Agama dan Budi Pekerti", "PABP", "A", 2, false, 75, null),
                "printed for every religion then, as the card said");
    }
}
