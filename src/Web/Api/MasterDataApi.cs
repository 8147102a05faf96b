using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Web.Accounts;
using ERaport.Web.Components.MasterData;
using ERaport.Web.Documents;
using ERaport.Web.Hosting;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Wolverine;

namespace ERaport.Web.Api;

public sealed record SchoolProfileRequest(
    Guid CommandId, string? Name, string? Npsn, string? Address, string? City, string? PrincipalName, string? PrincipalNip,
    string? PrincipalTitle, string? Village, string? Subdistrict, string? Province, string? Email, string? Website, string? Paper = null,
    int? ProgramYears = null);

/// <summary><see cref="TermId"/> may be left out: the term then gets the command id as its id, so a retry
/// opens nothing twice. The same holds for the other "open/add" requests.</summary>
public sealed record OpenTermRequest(Guid CommandId, Guid? TermId, string? SchoolYear, int Semester, DateOnly? ReportDate, string? ReportPlace);

public sealed record UpdateTermRequest(Guid CommandId, DateOnly? ReportDate, string? ReportPlace);

/// <summary>The weights (SLM : STS : SAS) a term's teaching assignments start with.</summary>
public sealed record TermDefaultWeightsRequest(Guid CommandId, int Slm, int Sts, int Sas);

/// <summary>A term's default weights; 1 : 0 : 1 until the admin sets others.</summary>
public sealed record TermDefaultWeightsItem(Guid TermId, int Slm, int Sts, int Sas);

/// <summary>Starts an empty term from an earlier one (<see cref="CarryOverTerm"/>).</summary>
public sealed record CarryOverRequest(Guid CommandId, Guid FromTermId);

/// <summary>What a carry-over copied, and what it left out and why.</summary>
public sealed record CarryOverResult(long Sequence, int Classes, int Students, int Roles, int TeachingAssignments, IReadOnlyList<string> LeftOut);

public sealed record OpenClassRequest(Guid CommandId, Guid? ClassId, Guid TermId, string? Name, int Level, string? Phase, Guid? HomeroomTeacherId);

public sealed record UpdateClassRequest(Guid CommandId, string? Name, int Level, string? Phase, Guid? HomeroomTeacherId);

/// <summary>The wali kelas wanted for one class (null: none).</summary>
public sealed record HomeroomTeacherRequest(Guid ClassId, Guid? HomeroomTeacherId);

/// <summary>The wali kelas of many classes of a term at once; classes left out stay as they are.</summary>
public sealed record HomeroomTeachersRequest(Guid CommandId, IReadOnlyList<HomeroomTeacherRequest>? Classes);

public sealed record StudentRequest(
    Guid CommandId, Guid? StudentId, string? Name, string? Nisn, string? Nis, string? Sex, string? BirthPlace, DateOnly? BirthDate,
    string? Religion, string? Address, string? FatherName, string? MotherName, string? GuardianName)
{
    public StudentData Data => new(Name ?? "", Nisn ?? "", Nis ?? "", Sex ?? "", BirthPlace, BirthDate, Religion, Address, FatherName, MotherName, GuardianName);
}

public sealed record EnrollRequest(Guid CommandId, Guid ClassId);

public sealed record MoveRequest(Guid CommandId, Guid FromClassId, Guid ToClassId);

/// <summary>Moves <see cref="StudentIds"/> out of the class in the address into <see cref="ToClassId"/>: all of them or none.</summary>
public sealed record MoveStudentsRequest(Guid CommandId, Guid ToClassId, IReadOnlyList<Guid>? StudentIds);

/// <summary>Puts <see cref="StudentIds"/> into the class in the address: all of them or none.</summary>
public sealed record EnrollStudentsRequest(Guid CommandId, IReadOnlyList<Guid>? StudentIds);

/// <summary>Takes <see cref="StudentIds"/> out of the class in the address with one <see cref="Reason"/>: all of them or none.</summary>
public sealed record WithdrawStudentsRequest(Guid CommandId, IReadOnlyList<Guid>? StudentIds, string? Reason);

public sealed record WithdrawRequest(Guid CommandId, Guid ClassId, string? Reason);

/// <summary><see cref="Religion"/>: one of Islam, Kristen, Katolik, Hindu, Buddha, Konghucu, Kepercayaan for a religion
/// subject (implies <see cref="IsReligion"/>); left out, a religion subject's religion is read from its name.</summary>
public sealed record SubjectRequest(Guid CommandId, Guid? SubjectId, string? Name, string? Code, string? Group, int Order, bool IsReligion, int? Kktp,
    string? Religion = null);

public sealed record WeightsRequest(int Slm, int Sts, int Sas);

public sealed record TeachingAssignmentCreateRequest(
    Guid CommandId, Guid? GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId, IReadOnlyList<string>? LearningObjectives,
    WeightsRequest? Weights);

/// <summary><see cref="Reason"/> is optional; it shows in the principal's history explorer.</summary>
public sealed record ReassignTeacherRequest(Guid CommandId, Guid TeacherId, string? Reason);

/// <summary>One subject's row of a class's teaching assignments: <see cref="TeacherId"/> null leaves a subject without an assignment as it is;
/// <see cref="LearningObjectives"/>: the first TPs of an assignment the row opens.</summary>
public sealed record SubjectTeacherRequest(Guid SubjectId, Guid? TeacherId, IReadOnlyList<string>? LearningObjectives);

/// <summary>Every subject's teacher of one class at once; <see cref="Weights"/> (null: the term's default) for the assignments it opens,
/// <see cref="Reason"/> for every change of teacher.</summary>
public sealed record ClassTeachersRequest(Guid CommandId, Guid TermId, IReadOnlyList<SubjectTeacherRequest>? Subjects, string? Reason, WeightsRequest? Weights);

/// <summary>Hands every gradebook the teacher in the address teaches in <see cref="TermId"/> to <see cref="ToTeacherId"/>;
/// <see cref="Reason"/> is optional, as for one gradebook.</summary>
public sealed record HandOverRequest(Guid CommandId, Guid TermId, Guid ToTeacherId, string? Reason);

/// <summary>A master-data command's answer: the read-your-writes token and the id of what it created or changed.</summary>
public sealed record MasterDataAccepted(long Sequence, int Changes, Guid? Id);

public sealed record ApiImportResult(long Sequence, int Rows, int Registered, int Updated, int Unchanged, int Enrolled, int Moved);

/// <summary>Master data for the school's admin: profile, terms, classes, students (with the Dapodik import),
/// subjects and teaching assignments. Every change is a command whose decision also refuses anyone who is not
/// an active admin; errors are problems with stable codes, the same as the pages show.</summary>
public static class MasterDataApi
{
    public static void MapMasterDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/master-data").RequireAuthorization(p => p.RequireRole(nameof(Role.Admin)))
            .WithTags("Data induk").DisableAntiforgery();

        // --- school profile

        api.MapGet("/school", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.SchoolAsync(db, http.User.SchoolId(), ct) is { } school
                    ? Results.Ok(school)
                    : Problems.Single(404, "school.not_found", "Profil sekolah belum diisi.");
            })
            .Produces<SchoolRow>().ProducesProblem(404).WithSummary("Profil sekolah.");

        api.MapPut("/school", (HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<SchoolProfileRequest>(http, bus, consistency, ct, (r, by) => (new UpdateSchoolProfile(r.CommandId,
                    new SchoolProfileData(r.Name ?? "", r.Npsn ?? "", r.Address ?? "", r.City ?? "", r.PrincipalName ?? "", r.PrincipalNip,
                        r.PrincipalTitle, r.Village, r.Subdistrict, r.Province, r.Email, r.Website, r.Paper, r.ProgramYears), by, EntrySource.Api), null)))
            .Accepts<SchoolProfileRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .WithSummary("Simpan profil sekolah (nama, NPSN, alamat, kabupaten/kota, kepala sekolah dengan NIP dan sebutan Plt./Plh., kertas rapor A4 atau F4, lama pendidikan SMK 3 atau 4 tahun).");

        // --- terms

        api.MapGet("/terms", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.TermsAsync(db, http.User.SchoolId(), ct);
            })
            .Produces<List<TermRow>>().WithSummary("Semester (tahun pelajaran + semester), terbaru dulu.");

        api.MapPost("/terms", (HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<OpenTermRequest>(http, bus, consistency, ct, (r, by) =>
                {
                    var id = IdOr(r.TermId, r.CommandId);
                    return (new OpenTerm(r.CommandId, id, r.SchoolYear ?? "", r.Semester, r.ReportDate, by, EntrySource.Api, r.ReportPlace), id);
                }))
            .Accepts<OpenTermRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Buka semester: tahun pelajaran 2026/2027, semester 1 (Ganjil) atau 2 (Genap), tanggal dan tempat rapor.");

        api.MapPut("/terms/{termId:guid}", (Guid termId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<UpdateTermRequest>(http, bus, consistency, ct, (r, by) =>
                    (new UpdateTerm(r.CommandId, termId, r.ReportDate, r.ReportPlace, by, EntrySource.Api), termId)))
            .Accepts<UpdateTermRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Ubah tanggal dan tempat rapor sebuah semester.");

        api.MapGet("/terms/{termId:guid}/default-weights", async (Guid termId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.DefaultWeightsAsync(db, http.User.SchoolId(), termId, ct) is { } w
                    ? Results.Ok(new TermDefaultWeightsItem(termId, w.Slm, w.Sts, w.Sas))
                    : Problems.From(CommandOutcome.Rejected(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound));
            })
            .Produces<TermDefaultWeightsItem>().ProducesProblem(404)
            .WithSummary("Bobot SLM : STS : SAS bawaan semester: pembelajaran yang dibuat tanpa bobot memakai bobot ini (mula-mula 1 : 0 : 1).");

        api.MapPut("/terms/{termId:guid}/default-weights", (Guid termId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<TermDefaultWeightsRequest>(http, bus, consistency, ct, (r, by) =>
                    (new ChangeTermDefaultWeights(r.CommandId, termId, new Weights(r.Slm, r.Sts, r.Sas), by, EntrySource.Api), termId)))
            .Accepts<TermDefaultWeightsRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404)
            .WithSummary("Ubah bobot bawaan semester (aturan sama dengan bobot pembelajaran: 0–100, SLM dan SAS tidak boleh keduanya 0). " +
                "Berlaku untuk pembelajaran yang dibuat sesudahnya; pembelajaran yang sudah ada tetap memakai bobotnya sendiri.");

        api.MapPost("/terms/{termId:guid}/carry-over", async (Guid termId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<CarryOverRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var (outcome, summary) = await MasterDataCommands.CarryOverAsync(
                    new CarryOverTerm(request!.CommandId, termId, request.FromTermId, http.User.ToActor(), EntrySource.Api), bus, consistency, ct);
                return outcome.IsAccepted
                    ? Results.Ok(summary is null
                        ? new CarryOverResult(outcome.Sequence, 0, 0, 0, 0, [])
                        : new CarryOverResult(outcome.Sequence, summary.Classes, summary.Students, summary.Roles, summary.TeachingAssignments, summary.LeftOut))
                    : Problems.From(outcome);
            })
            .Accepts<CarryOverRequest>("application/json").Produces<CarryOverResult>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Mulai semester dari semester sebelumnya: Genap dari Ganjil tahun pelajaran yang sama (kelas, wali kelas, peserta didik), atau " +
                "semester yang sama tahun pelajaran berikutnya (kelas dan wali kelas tanpa peserta didik; impor dari Dapodik sesudahnya). Peran (guru, " +
                "kepala sekolah, wali kelas) dan pembelajaran (guru, KKTP, bobot, TP sebagai awal) ikut disalin; nilai tidak. Hanya ke semester yang belum " +
                "berisi kelas (carryOver.term_not_empty). Hasilnya menyebut yang tidak disalin (leftOut), misalnya pembelajaran guru yang akunnya nonaktif. " +
                "Mengirim commandId yang sama lagi tidak menyalin dua kali (jumlahnya lalu 0).");

        // --- classes

        api.MapGet("/terms/{termId:guid}/classes", async (Guid termId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.ClassesAsync(db, http.User.SchoolId(), termId, ct);
            })
            .Produces<List<ClassItem>>().WithSummary("Kelas (rombel) sebuah semester dengan wali kelas dan jumlah peserta didik.");

        api.MapPost("/classes", (HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<OpenClassRequest>(http, bus, consistency, ct, (r, by) =>
                {
                    var id = IdOr(r.ClassId, r.CommandId);
                    return (new OpenClass(r.CommandId, id, r.TermId, r.Name ?? "", r.Level, r.Phase ?? "", r.HomeroomTeacherId, by, EntrySource.Api), id);
                }))
            .Accepts<OpenClassRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Buka kelas di sebuah semester: nama, tingkat (SD 1–6, SMP 7–9, SMA/SMK 10–12, XIII di SMK program 4 tahun), fase (A–F; kosong: sesuai tingkat), wali kelas.");

        api.MapPut("/classes/{classId:guid}", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<UpdateClassRequest>(http, bus, consistency, ct, (r, by) =>
                    (new UpdateClass(r.CommandId, classId, r.Name ?? "", r.Level, r.Phase ?? "", r.HomeroomTeacherId, by, EntrySource.Api), classId)))
            .Accepts<UpdateClassRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Ubah kelas: nama, tingkat, fase, wali kelas (null: tanpa wali kelas). Wali kelas yang ditetapkan langsung " +
                "mendapat peran wali kelas kelas itu; yang diganti atau dikosongkan kehilangan perannya, dalam transaksi yang sama.");

        api.MapPost("/terms/{termId:guid}/homeroom-teachers", (Guid termId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<HomeroomTeachersRequest>(http, bus, consistency, ct, (r, by) => (new NameHomeroomTeachers(r.CommandId, termId,
                    [.. (r.Classes ?? []).Select(k => new HomeroomChoice(k.ClassId, k.HomeroomTeacherId))], by, EntrySource.Api), termId)))
            .Accepts<HomeroomTeachersRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404)
            .WithSummary("Tetapkan wali kelas banyak kelas satu semester sekaligus (classes: classId, homeroomTeacherId; null: tanpa wali kelas; kelas " +
                "yang tidak disebut tetap). Guru yang ditetapkan langsung mendapat peran wali kelas kelas itu, wali kelas yang diganti kehilangan perannya, " +
                "dalam satu transaksi: satu baris ditolak, semuanya ditolak. Setiap galat menyebut kelasnya (details.classId): class.not_found, " +
                "homeroom.class_repeated, teacher.not_found, teacher.disabled, teacher.no_teacher_role; homeroom.no_classes bila kosong. " +
                "changes: jumlah kelas dan peran yang berubah.");

        api.MapGet("/classes/{classId:guid}/students", async (Guid classId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.ClassAsync(db, http.User.SchoolId(), classId, ct) is null
                    ? Problems.Single(404, "class.not_found", "Kelas tidak ditemukan.")
                    : Results.Ok(await MasterDataQuery.StudentsOfClassAsync(db, classId, ct));
            })
            .Produces<List<StudentRow>>().ProducesProblem(404).WithSummary("Peserta didik sebuah kelas.");

        api.MapPost("/classes/{classId:guid}/move", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<MoveStudentsRequest>(http, bus, consistency, ct, (r, by) =>
                    (new MoveStudent(r.CommandId, r.StudentIds ?? [], classId, r.ToClassId, by, EntrySource.Api), classId)))
            .Accepts<MoveStudentsRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary($"Pindahkan beberapa peserta didik kelas ini (studentIds, 1–{MoveStudentHandler.MaxStudents}) ke kelas lain di " +
                "semester yang sama (toClassId), dalam satu transaksi: semuanya atau tidak satu pun. Setiap yang menolak disebut di errors[] dengan " +
                "details.studentId (student.not_in_class 409, student.not_found 404). changes: jumlah yang dipindah. Kode lain: move.no_students, " +
                "move.too_many_students, class.other_term (400), class.not_found (404).");

        api.MapPost("/classes/{classId:guid}/enroll", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<EnrollStudentsRequest>(http, bus, consistency, ct, (r, by) =>
                    (new EnrollStudent(r.CommandId, classId, r.StudentIds ?? [], by, EntrySource.Api), classId)))
            .Accepts<EnrollStudentsRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary($"Masukkan beberapa peserta didik (studentIds, 1–{MoveStudentHandler.MaxStudents}) ke kelas ini dalam satu " +
                "transaksi: semuanya atau tidak satu pun. Yang sudah di kelas ini dilewati; yang di kelas lain semester ini menolak semuanya " +
                "(student.already_in_class 409, details.studentId). changes: jumlah yang dimasukkan.");

        api.MapPost("/classes/{classId:guid}/withdraw", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<WithdrawStudentsRequest>(http, bus, consistency, ct, (r, by) =>
                    (new WithdrawStudent(r.CommandId, classId, r.StudentIds ?? [], r.Reason, by, EntrySource.Api), classId)))
            .Accepts<WithdrawStudentsRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404).WithSummary($"Keluarkan beberapa peserta didik (studentIds, 1–{MoveStudentHandler.MaxStudents}) dari kelas ini dengan " +
                "satu alasan, dalam satu transaksi: semuanya atau tidak satu pun (student.not_in_class 404, details.studentId).");

        // --- students

        api.MapGet("/students", async (Guid? termId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.StudentsAsync(db, http.User.SchoolId(), termId, ct);
            })
            .Produces<List<StudentItem>>().WithSummary("Semua peserta didik sekolah; dengan ?termId= juga kelasnya di semester itu.");

        api.MapGet("/students/{studentId:guid}", async (Guid studentId, Guid? termId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.StudentAsync(db, http.User.SchoolId(), studentId, termId, ct) is { } detail
                    ? Results.Ok(detail)
                    : Problems.Single(404, "student.not_found", "Peserta didik tidak ditemukan.");
            })
            .Produces<StudentDetail>().ProducesProblem(404).WithSummary("Satu peserta didik dengan riwayat perubahan data dan kelasnya.");

        api.MapPost("/students", (HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<StudentRequest>(http, bus, consistency, ct, (r, by) =>
                {
                    var id = IdOr(r.StudentId, r.CommandId);
                    var d = r.Data;
                    return (new RegisterStudent(r.CommandId, id, d.Name, d.Nisn, d.Nis, d.Sex, d.BirthPlace, d.BirthDate, d.Religion, by, EntrySource.Api,
                        d.Address, d.FatherName, d.MotherName, d.GuardianName), id);
                }))
            .Accepts<StudentRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Daftarkan peserta didik (NISN 10 digit dan NIS unik di sekolah; jenis kelamin L/P). Masukkan ke kelas dengan /enroll.");

        api.MapPut("/students/{studentId:guid}", (Guid studentId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<StudentRequest>(http, bus, consistency, ct, (r, by) => (new UpdateStudent(r.CommandId, studentId, r.Data, by, EntrySource.Api), studentId)))
            .Accepts<StudentRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Ubah data peserta didik (semua kolom dikirim).");

        api.MapPost("/students/{studentId:guid}/enroll", (Guid studentId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<EnrollRequest>(http, bus, consistency, ct, (r, by) => (new EnrollStudent(r.CommandId, r.ClassId, studentId, by, EntrySource.Api), studentId)))
            .Accepts<EnrollRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Masukkan peserta didik ke kelas. Satu peserta didik hanya di satu kelas per semester.");

        api.MapPost("/students/{studentId:guid}/move", (Guid studentId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<MoveRequest>(http, bus, consistency, ct, (r, by) =>
                    (new MoveStudent(r.CommandId, studentId, r.FromClassId, r.ToClassId, by, EntrySource.Api), studentId)))
            .Accepts<MoveRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Pindahkan peserta didik ke kelas lain di semester yang sama (kedua kelas berubah dalam satu transaksi).");

        api.MapPost("/students/{studentId:guid}/withdraw", (Guid studentId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<WithdrawRequest>(http, bus, consistency, ct, (r, by) =>
                    (new WithdrawStudent(r.CommandId, r.ClassId, studentId, r.Reason, by, EntrySource.Api), studentId)))
            .Accepts<WithdrawRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Keluarkan peserta didik dari kelas (mutasi keluar), dengan alasan.");

        api.MapPost("/students/import", async (Guid? termId, HttpContext http, IMessageBus bus, IDocumentStore store, TimeProvider clock,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                var (upload, problem) = await Uploads.ReadAsync(http, DapodikStudentImport.MaxBytes,
                    "Pilih berkas ekspor Daftar Peserta Didik (.xlsx atau .csv).", ct);
                if (problem is not null)
                    return problem;
                if ((termId ?? (Guid.TryParse(upload!.Form["termId"], out var formTermId) ? formTermId : null)) is not { } term)
                    return Problems.Single(400, "import.term_required", "Pilih semester tujuan impor (termId).");
                var report = await StudentImporter.ImportAsync(upload!.File, upload.FileName, term, upload.CommandId, http.User.ToActor(), EntrySource.SpreadsheetImport,
                    upload.Form["confirmRenames"] == "true", bus, store, clock, ct);
                if (report.Stored)
                {
                    consistency.Remember(report.Sequence);
                    var s = report.Summary ?? ImportSummary.None;
                    return Results.Ok(new ApiImportResult(report.Sequence, report.Rows, s.Registered, s.Updated, s.Unchanged, s.Enrolled, s.Moved));
                }
                return ImportProblems(report);
            })
            // No Accepts metadata: the handler answers a wrong content type itself, in Bahasa Indonesia.
            .Produces<ApiImportResult>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(413)
            .WithSummary("Impor peserta didik dari ekspor Dapodik \"Daftar Peserta Didik\" (.xlsx atau .csv, maks 5 MB, 5.000 baris) ke semester ?termId=. " +
                "Kolom: file (berkas), termId (boleh juga di alamat), commandId (opsional), confirmRenames (true: nama peserta didik terdaftar yang berubah memang benar). " +
                "Dicocokkan dengan NISN; semua atau tidak sama sekali; setiap baris yang ditolak disebut (errors[]: row, column, header, value, code, message). " +
                "Baris yang mengganti nama peserta didik terdaftar ditolak (409, import.rename_not_confirmed) kecuali confirmRenames=true.");

        // --- subjects

        api.MapGet("/subjects", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.SubjectsAsync(db, http.User.SchoolId(), ct);
            })
            .Produces<List<SubjectRow>>().WithSummary("Mata pelajaran menurut urutan di rapor.");

        api.MapPost("/subjects", (HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<SubjectRequest>(http, bus, consistency, ct, (r, by) =>
                {
                    var id = IdOr(r.SubjectId, r.CommandId);
                    return (new AddSubject(r.CommandId, id, r.Name ?? "", r.Code ?? "", r.Group ?? "", r.Order, r.IsReligion, r.Kktp ?? 70, by, EntrySource.Api, r.Religion), id);
                }))
            .Accepts<SubjectRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Tambah mata pelajaran: kelompok (Umum, Kejuruan, Pilihan, Muatan Lokal), urutan di rapor, mapel agama, KKTP (bawaan 70).");

        api.MapPut("/subjects/{subjectId:guid}", (Guid subjectId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<SubjectRequest>(http, bus, consistency, ct, (r, by) =>
                    (new UpdateSubject(r.CommandId, subjectId, r.Name ?? "", r.Code ?? "", r.Group ?? "", r.Order, r.IsReligion, r.Kktp ?? 70, by, EntrySource.Api, r.Religion),
                        subjectId)))
            .Accepts<SubjectRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Ubah mata pelajaran. KKTP baru berlaku untuk pembelajaran yang dibuat sesudahnya.");

        // --- teaching assignments and teachers

        api.MapGet("/teachers", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.TeachersAsync(db, http.User.SchoolId(), ct);
            })
            .Produces<List<TeacherItem>>().WithSummary("Pengguna yang dapat dijadikan guru atau wali kelas.");

        api.MapGet("/teaching-assignments", async (Guid termId, Guid? classId, Guid? teacherId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                return await MasterDataQuery.TeachingAssignmentsAsync(db, http.User.SchoolId(), termId, ct, classId, teacherId);
            })
            .Produces<List<TeachingAssignmentItem>>()
            .WithSummary("Pembelajaran (kelas × mata pelajaran × guru) sebuah semester, dengan bobot dan KKTP; ?classId= satu kelas, ?teacherId= satu guru.");

        api.MapGet("/classes/{classId:guid}/teaching-assignments", async (Guid classId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await using var db = await OpenAsync(readModel, consistency, ct);
                var schoolId = http.User.SchoolId();
                return await MasterDataQuery.ClassAsync(db, schoolId, classId, ct) is { } c
                    && (await MasterDataQuery.ClassesAsync(db, schoolId, c.TermId, ct)).FirstOrDefault(k => k.ClassId == classId) is { } item
                    ? Results.Ok(await TeachingAssignmentQuery.ClassSubjectsAsync(db, schoolId, item, ct))
                    : Problems.Single(404, "class.not_found", "Kelas tidak ditemukan.");
            })
            .Produces<List<ClassSubject>>().ProducesProblem(404)
            .WithSummary("Semua mata pelajaran sekolah untuk satu kelas dengan pembelajarannya (null: belum ada), jumlah peserta didik yang diajar " +
                "(mapel agama: yang seagama) dan expected (false: mapel agama yang tidak dianut peserta didik kelas ini).");

        api.MapPut("/classes/{classId:guid}/teaching-assignments", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<ClassTeachersRequest>(http, bus, consistency, ct, (r, by) =>
                    (new AssignClassTeachers(r.CommandId, r.TermId, classId,
                        [.. (r.Subjects ?? []).Select(s => new SubjectTeacher(s.SubjectId, s.TeacherId, s.LearningObjectives))], r.Reason, by, EntrySource.Api,
                        r.Weights is { } w ? new Weights(w.Slm, w.Sts, w.Sas) : null), classId)))
            .Accepts<ClassTeachersRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Simpan guru setiap mata pelajaran satu kelas sekaligus, dalam satu transaksi: semuanya atau tidak satu pun. Per baris " +
                "(subjects[]): mapel tanpa pembelajaran yang diberi guru dibuka (learningObjectives 1–30 wajib; bobot: weights, kosong = bawaan " +
                "semester), mapel yang gurunya berganti diserahkan seperti PUT /teaching-assignments/{id}/teacher (nilai tetap; reason ikut), " +
                "baris yang tidak berubah dan mapel yang tidak disebut tidak mengubah apa pun. changes: jumlah pembelajaran yang dibuka atau " +
                "diserahkan. Setiap baris yang ditolak disebut (errors[].details.subjectId): classTeachers.teacher_required (pembelajaran yang sudah " +
                "ada tidak dapat dikosongkan), classTeachers.subject_duplicate, subject.not_found, teacher.not_found, teacher.disabled, " +
                "teacher.no_teacher_role, learningObjectives.count; juga class.not_found, term.not_found, weights.*, reason.too_long.");

        api.MapPost("/teaching-assignments", async (HttpContext http, IMessageBus bus, IDocumentStore store, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                var (r, problem) = await JsonBody.ReadAsync<TeachingAssignmentCreateRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var id = IdOr(r!.GradebookId, r.CommandId);
                var weights = r.Weights is { } w ? new Weights(w.Slm, w.Sts, w.Sas) : null;
                var outcome = await MasterDataCommands.OpenTeachingAssignmentAsync(
                    new TeachingAssignmentRequest(r.CommandId, id, r.TermId, r.ClassId, r.SubjectId, r.TeacherId, r.LearningObjectives ?? [], weights),
                    http.User, EntrySource.Api, bus, store, consistency, ct);
                return Answer(outcome, id);
            })
            .Accepts<TeachingAssignmentCreateRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Buat pembelajaran: kelas × mata pelajaran × guru, tujuan pembelajaran awal (1–30), bobot SLM:STS:SAS " +
                "(tanpa bobot: bobot bawaan semester, mula-mula 1:0:1).");

        api.MapPut("/teaching-assignments/{gradebookId:guid}/teacher", (Guid gradebookId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<ReassignTeacherRequest>(http, bus, consistency, ct, (r, by) =>
                    (new ReassignGradebook(r.CommandId, gradebookId, r.TeacherId, r.Reason, by, EntrySource.Api), gradebookId)))
            .Accepts<ReassignTeacherRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404)
            .WithSummary("Ganti guru pengampu sebuah pembelajaran (juga yang sudah dikunci): guru baru harus akun aktif dengan peran guru di semester itu. " +
                "Nilai tetap; sejak itu hanya guru baru yang dapat mengisi dan mengoreksinya. Guru yang sama: tidak ada perubahan (changes 0).");

        api.MapPost("/teachers/{teacherId:guid}/hand-over", (Guid teacherId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<HandOverRequest>(http, bus, consistency, ct, (r, by) =>
                    (new HandOverGradebooks(r.CommandId, teacherId, r.TermId, r.ToTeacherId, r.Reason, by, EntrySource.Api), null)))
            .Accepts<HandOverRequest>("application/json").Produces<MasterDataAccepted>().ProducesProblem(400).ProducesProblem(403)
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Serahkan semua buku nilai seorang guru di satu semester kepada guru lain sekaligus (juga yang sudah dikunci), dalam satu " +
                "transaksi: semuanya atau tidak satu pun. changes: jumlah buku nilai yang diserahkan. Kode galat: handover.same_teacher, " +
                "handover.no_gradebooks (409), teacher.not_found (404), teacher.disabled, teacher.no_teacher_role, reason.too_long, reason.invalid_characters.");
    }

    private static Guid IdOr(Guid? id, Guid commandId) => id is { } given && given != Guid.Empty ? given : commandId;

    private static async Task<ReadModelDb> OpenAsync(ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct)
    {
        await consistency.WaitAsync(ct);
        return readModel.CreateDbContext();
    }

    private static async Task<IResult> Command<TRequest>(HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct,
        Func<TRequest, Actor, (object Command, Guid? Id)> make) where TRequest : class
    {
        var (request, problem) = await JsonBody.ReadAsync<TRequest>(http.Request, ct);
        if (problem is not null)
            return problem;
        var (command, id) = make(request!, http.User.ToActor());
        return Answer(await MasterDataCommands.SendAsync(command, bus, consistency, ct), id);
    }

    private static IResult Answer(CommandOutcome outcome, Guid? id) =>
        outcome.IsAccepted ? Results.Ok(new MasterDataAccepted(outcome.Sequence, outcome.Changes, id)) : Problems.From(outcome);

    private static IResult ImportProblems(ImportReport report) =>
        report.AwaitsRenameConfirmation
            ? Uploads.Rejected(null, report.Problems, report.Status, ImportStudentsHandler.RenameNotConfirmedCode,
                $"Impor belum dijalankan: {report.Problems.Count} baris mengganti nama peserta didik yang sudah terdaftar. Tidak ada yang disimpan; " +
                "kirim lagi dengan confirmRenames=true bila namanya memang berubah.")
            : Uploads.Rejected(report.Fatal, report.Problems, report.Status, "import.rows_rejected",
                $"Impor ditolak: {report.Problems.Select(p => p.Row).Distinct().Count()} baris bermasalah. Tidak ada yang disimpan; perbaiki baris-baris itu lalu unggah lagi.");
}
