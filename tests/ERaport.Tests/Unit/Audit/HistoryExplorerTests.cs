using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using JasperFx.Events;

namespace ERaport.Tests.Unit.Audit;

/// <summary>The history explorer on a real SQLite read model built from known events (no PostgreSQL needed).</summary>
public sealed class HistoryExplorerTests : IAsyncLifetime
{
    private const string School = TestEvents.SchoolId;
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero); // 10.00 WIB
    private readonly string _directory = Directory.CreateTempSubdirectory("eraport-explorer-").FullName;
    private readonly Guid _term = Guid.NewGuid(), _oldTerm = Guid.NewGuid(), _x1 = Guid.NewGuid(), _x2 = Guid.NewGuid();
    private readonly Guid _math = Guid.NewGuid(), _bio = Guid.NewGuid(), _teacher = Guid.NewGuid(), _other = Guid.NewGuid();
    private readonly Guid _mathX1 = Guid.NewGuid(), _bioX2 = Guid.NewGuid();
    private readonly Guid _adi = Guid.NewGuid(), _sari = Guid.NewGuid();
    private ReadModelStore _store = default!;
    private FlagTallies _tallies = default!;
    private long _sequence;
    private readonly List<IEvent> _events = [];

    private void Add<T>(T data, string stream, string user = "sistem", DateTimeOffset? at = null, EntrySource source = EntrySource.Form)
        where T : notnull =>
        _events.Add(TestEvents.Stored(data, stream, user, ++_sequence, at ?? Day, source));

    public async Task InitializeAsync()
    {
        _store = new ReadModelStore(Path.Combine(_directory, "rm.db"));
        await _store.InitializeAsync();
        _tallies = new FlagTallies(_store);
        Add(new UserRegistered(_teacher, School, "guru.mtk", "Bambang", null), StreamKeys.User(School, _teacher));
        Add(new UserRegistered(_other, School, "guru.bio", "Yuliana", null), StreamKeys.User(School, _other));
        Add(new TermOpened(_term, "2026/2027", 1, new DateOnly(2026, 12, 19)), StreamKeys.Term(School, _term));
        Add(new TermOpened(_oldTerm, "2025/2026", 2, new DateOnly(2026, 6, 20)), StreamKeys.Term(School, _oldTerm));
        Add(new ClassOpened(_x1, _term, "X-1", 10, "E", null), StreamKeys.Class(School, _x1));
        Add(new ClassOpened(_x2, _oldTerm, "X-2", 10, "E", null), StreamKeys.Class(School, _x2));
        Add(new StudentRegistered(_adi, "Adi", "0011111111", "1", "L", null, null, null), StreamKeys.Student(School, _adi));
        Add(new StudentRegistered(_sari, "Sari", "0022222222", "2", "P", null, null, null), StreamKeys.Student(School, _sari));
        Add(new SubjectAdded(_math, "Matematika", "MTK", "Umum", 1, false, 70), StreamKeys.Subject(School, _math));
        Add(new SubjectAdded(_bio, "Biologi", "BIO", "Umum", 2, false, 70), StreamKeys.Subject(School, _bio));
        Add(new GradebookOpened(_mathX1, _term, _x1, _math, _teacher, [new LearningObjective("tp1", "TP1", "a")]), StreamKeys.Gradebook(School, _mathX1));
        Add(new GradebookOpened(_bioX2, _oldTerm, _x2, _bio, _other, [new LearningObjective("tp1", "TP1", "a")]), StreamKeys.Gradebook(School, _bioX2));
        var math = StreamKeys.Gradebook(School, _mathX1);
        var bio = StreamKeys.Gradebook(School, _bioX2);
        Add(new ScoresRecorded([new RecordedScore(_adi, "tp1", 60), new RecordedScore(_sari, "tp1", 80)]), math, "guru.mtk");      // 13
        Add(new ScoreCorrected(_adi, "tp1", 60, 65, "Salah ketik"), math, "guru.mtk", Day.AddDays(1));                                // 14
        Add(new ScoreCorrected(_sari, "tp1", 80, 55, "Remedial gagal"), math, "guru.mtk", Day.AddDays(2));                            // 15: large swing
        Add(new ScoreCorrected(_adi, "tp1", 65, 70, "Diminta kepala sekolah"), math, "kepsek", Day.AddDays(3));                       // 16: not teacher
        Add(new ScoresRecorded([new RecordedScore(_adi, "sas-tes", 90)]), bio, "guru.bio", Day);                                      // 17: after report date
        await _store.ApplyAsync(_events, _sequence);
    }

    public Task DisposeAsync()
    {
        _store.Discard();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The flag counts as the explorer shows them: through the app's tallies, which a test's earlier visit may have filled.</summary>
    private async Task<List<FlagCount>> Counts(GradebookFilter? visible = null, FlagTallies? tallies = null)
    {
        await using var db = _store.CreateDbContext();
        return await (tallies ?? _tallies).CountAsync(db, School, visible, AuditRules.Default, CancellationToken.None);
    }

    private async Task<HistoryPage> Load(HistoryFilter filter, GradebookFilter? visible = null, FlagTallies? tallies = null, int? countUpTo = null)
    {
        await using var db = _store.CreateDbContext();
        return await HistoryExplorer.LoadAsync(db, School, visible, filter, AuditRules.Default, CancellationToken.None, tallies, countUpTo);
    }

    /// <summary>The flag counts among the changes a filter matches, as the explorer shows them above its list.</summary>
    private async Task<List<FlagCount>?> CountsWithin(HistoryFilter filter, GradebookFilter? visible = null, int countUpTo = 100)
    {
        await using var db = _store.CreateDbContext();
        return await HistoryExplorer.CountFlagsAsync(db, School, visible, filter, AuditRules.Default, _tallies, countUpTo, CancellationToken.None);
    }

    /// <summary>A principal settling one student's dispute read "Perubahan besar" counted over the whole school beside that student's
    /// changes. Each counter counts what choosing its flag would list, with every other filter kept.</summary>
    [Fact]
    public async Task flag_counts_count_only_the_changes_the_other_filters_match_as_many_as_choosing_each_flag_lists()
    {
        (await CountsWithin(new HistoryFilter(StudentId: _sari)))!.Where(c => c.Count > 0).ShouldBe([new FlagCount(ChangeFlag.LargeSwing, 1)]);
        (await CountsWithin(new HistoryFilter(ClassId: _x2)))!.Where(c => c.Count > 0).ShouldBe([new FlagCount(ChangeFlag.AfterReportDate, 1)]);
        HistoryFilter[] filters =
        [
            new(), new(ClassId: _x1), new(SubjectId: _math), new(ClassId: _x1, SubjectId: _math), new(StudentId: _adi), new(Nisn: "0022222222"),
            new(StudentName: "sari"), new(ChangedBy: "kepsek"), new(From: new DateOnly(2026, 12, 2), To: new DateOnly(2026, 12, 4)), new(MinSwing: 5),
            new(Kind: ChangeGroup.Corrected), new(ClassId: _x2, Kind: ChangeGroup.Recorded), new(SubjectId: _math, Flag: ChangeFlag.AfterReportDate),
            new(StudentId: _adi, FlaggedOnly: true),
        ];
        foreach (var visible in new GradebookFilter?[] { null, new(_teacher, [], []) })
            foreach (var filter in filters)
            {
                var counts = await CountsWithin(filter, visible);
                counts.ShouldNotBeNull($"{filter} ({visible?.TeacherId})");
                foreach (var count in counts)
                    count.Count.ShouldBe((await Load(filter with { Flag = count.Flag, FlaggedOnly = false, PageSize = 1000 }, visible)).Entries.Count,
                        $"{count.Flag} within {filter} ({visible?.TeacherId})");
            }
    }

    /// <summary>Judging a change is done in memory, one by one: a filter whose changes run to thousands is not judged on each visit
    /// (the page says so), while a class or subject is counted from the tallies kept per gradebook, whatever its size.</summary>
    [Fact]
    public async Task flag_counts_are_not_judged_among_more_changes_than_the_cap_but_a_class_or_subject_is_counted_whatever_its_size()
    {
        (await CountsWithin(new HistoryFilter(Kind: ChangeGroup.Recorded), countUpTo: 2)).ShouldBeNull("three recorded scores, more than two");
        (await CountsWithin(new HistoryFilter(Kind: ChangeGroup.Recorded), countUpTo: 3)).ShouldNotBeNull();
        (await CountsWithin(new HistoryFilter(SubjectId: _math), countUpTo: 1))!.Single(c => c.Flag == ChangeFlag.LargeSwing).Count.ShouldBe(1);
    }

    /// <summary>One student's score history showed no flags, while the explorer flagged the same changes: a dispute read from the
    /// student's page missed that a correction was a large swing, made by someone else, or after the lock.</summary>
    [Fact]
    public async Task a_students_score_history_flags_each_change_as_the_explorer_does()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        var before = _events.Count;
        Add(new GradebookLocked(_term, _x1), math, "wali.x1", Day.AddDays(4));                                                        // 18
        Add(new ScoreCorrected(_adi, "tp1", 70, 75, "Salah ketik"), math, "kepsek", Day.AddDays(5), EntrySource.Approval);        // 19
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);
        await using var db = _store.CreateDbContext();
        static string Flags(IEnumerable<ChangeFlag> flags) => string.Join(", ", flags);

        foreach (var student in new[] { _adi, _sari })
        {
            var history = await ScoreHistoryQuery.LoadAsync(db, School, _mathX1, student, AuditRules.Default, CancellationToken.None);
            var explorer = (await Load(new HistoryFilter(StudentId: student, SubjectId: _math, PageSize: 1000))).Entries;
            history.Select(h => (h.Sequence, h.Assessment, Flags(h.Flags))).ShouldBe(explorer.Select(e => (e.Sequence, e.Assessment, Flags(e.Flags))));
        }
        var adi = (await ScoreHistoryQuery.LoadAsync(db, School, _mathX1, _adi, AuditRules.Default, CancellationToken.None)).ToDictionary(h => h.Sequence);
        (Flags(adi[19].Flags), Flags(adi[16].Flags), Flags(adi[14].Flags)).ShouldBe(("AfterLock", "NotTeacherOfRecord", ""));
    }

    [Fact]
    public async Task lists_every_change_newest_first_with_names_and_labels()
    {
        var page = await Load(new HistoryFilter());
        page.Entries.Select(e => (e.Sequence, e.Position)).ShouldBe([(17, 0), (16, 0), (15, 0), (14, 0), (13, 0), (13, 1)]);
        var first = page.Entries[1];
        (first.ClassName, first.SubjectName, first.StudentName, first.AssessmentLabel, first.Before, first.After, first.Reason)
            .ShouldBe(("X-1", "Matematika", "Adi", "TP1", 65, 70, "Diminta kepala sekolah"));
        first.TeacherName.ShouldBe("Bambang");
    }

    [Fact]
    public async Task after_a_reassignment_each_change_is_judged_against_the_teacher_of_its_moment_and_the_line_names_both_teachers()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        Add(new GradebookReassigned(_mathX1, _term, _x1, _math, _teacher, _other, "Cuti sakit"), math, "admin", Day.AddDays(4));      // 18
        Add(new ScoreCorrected(_sari, "tp1", 55, 60, "Remedial"), math, "guru.bio", Day.AddDays(5));                                   // 19
        Add(new ScoreCorrected(_sari, "tp1", 60, 62, "Masih bisa"), math, "guru.mtk", Day.AddDays(6));                                 // 20: no longer theirs
        await _store.ApplyAsync(_events[^3..], _sequence);

        var entries = (await Load(new HistoryFilter(SubjectId: _math))).Entries.Where(e => e.Position == 0).ToDictionary(e => e.Sequence);

        entries[18].Kind.ShouldBe(ScoreChangeKind.Reassigned);
        (entries[18].StudentId, entries[18].Detail, entries[18].Reason, entries[18].TeacherName).ShouldBe((Guid.Empty, "Bambang → Yuliana", "Cuti sakit", "Yuliana"));
        entries[18].Flags.ShouldBeEmpty();
        entries[19].Flags.ShouldBeEmpty();
        entries[20].Flags.ShouldBe([ChangeFlag.NotTeacherOfRecord]);
        entries[14].Flags.ShouldBeEmpty();
        entries[16].Flags.ShouldBe([ChangeFlag.NotTeacherOfRecord]);
        (await Load(new HistoryFilter(SubjectId: _math, FlaggedOnly: true))).Entries.Select(e => e.Sequence).ShouldBe([20, 16, 15]);
        (await Counts()).Single(c => c.Flag == ChangeFlag.NotTeacherOfRecord).Count.ShouldBe(2);
    }

    [Fact]
    public async Task filters_by_class_subject_student_author_dates_and_swing()
    {
        (await Load(new HistoryFilter(ClassId: _x2))).Entries.Select(e => e.Sequence).ShouldBe([17]);
        (await Load(new HistoryFilter(SubjectId: _math))).Entries.Count.ShouldBe(5);
        (await Load(new HistoryFilter(Nisn: "0022222222"))).Entries.Select(e => e.Sequence).ShouldBe([15, 13]);
        (await Load(new HistoryFilter(ChangedBy: "kepsek"))).Entries.Select(e => e.Sequence).ShouldBe([16]);
        (await Load(new HistoryFilter(From: new DateOnly(2026, 12, 2), To: new DateOnly(2026, 12, 3)))).Entries.Select(e => e.Sequence).ShouldBe([15, 14]);
        (await Load(new HistoryFilter(MinSwing: 10))).Entries.Select(e => e.Sequence).ShouldBe([15]);
        foreach (var classId in new[] { _x1, _x2 })
        {
            var both = (await Load(new HistoryFilter(ClassId: classId, SubjectId: _math))).Entries.Select(e => e.Cursor);
            var ofClass = (await Load(new HistoryFilter(ClassId: classId))).Entries.Select(e => e.Cursor);
            var ofSubject = (await Load(new HistoryFilter(SubjectId: _math))).Entries.Select(e => e.Cursor);
            both.ShouldBe(ofClass.Intersect(ofSubject), $"class and subject together are both filters (class {classId})");
        }
    }

    [Fact]
    public async Task filters_by_kind_of_change_and_every_kind_belongs_to_exactly_one()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        var before = _events.Count;
        Add(new GradebookLocked(_term, _x1), math, "wali.x1", Day.AddDays(4));                                                        // 18
        Add(new GradebookUnlocked(_term, _x1, "Remedial"), math, "kepsek", Day.AddDays(5));                                          // 19
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        (await Load(new HistoryFilter(Kind: ChangeGroup.Corrected))).Entries.Select(e => e.Sequence).ShouldBe([16, 15, 14]);
        (await Load(new HistoryFilter(Kind: ChangeGroup.Recorded))).Entries.Select(e => e.Cursor.ToString()).ShouldBe(["17.0", "13.0", "13.1"]);
        (await Load(new HistoryFilter(Kind: ChangeGroup.Lock))).Entries.Select(e => e.Kind).ShouldBe([ScoreChangeKind.Unlocked, ScoreChangeKind.Locked]);
        (await Load(new HistoryFilter(Kind: ChangeGroup.Lock, ClassId: _x2))).Entries.ShouldBeEmpty();
        Enum.GetValues<ScoreChangeKind>().ShouldAllBe(kind => Enum.GetValues<ChangeGroup>().Count(g => HistoryExplorer.KindsOf(g).Contains(kind)) == 1);
    }

    [Fact]
    public async Task a_description_change_carries_the_text_it_replaced_the_generated_one_or_the_teachers_own()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        var before = _events.Count;
        Add(new DescriptionEdited(_adi, "Teks pertama", "Otomatis"), math, "guru.mtk", Day.AddDays(4));                            // 18
        Add(new DescriptionEdited(_adi, "Teks kedua", "Otomatis"), math, "guru.mtk", Day.AddDays(5));                              // 19
        Add(new DescriptionEdited(_sari, "Teks Sari", "Otomatis Sari"), math, "guru.mtk", Day.AddDays(5));                         // 20
        Add(new DescriptionReset(_adi, "Teks kedua"), math, "guru.mtk", Day.AddDays(6));                                          // 21
        Add(new DescriptionEdited(_adi, "Teks ketiga", "Otomatis baru"), math, "guru.mtk", Day.AddDays(7));                        // 22
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        (await Load(new HistoryFilter(Kind: ChangeGroup.Description))).Entries.Select(e => (e.Sequence, e.DetailBefore)).ShouldBe(
            [(22, "Otomatis baru"), (21, "Teks kedua"), (20, "Otomatis Sari"), (19, "Teks pertama"), (18, "Otomatis")]);
        (await Load(new HistoryFilter(Kind: ChangeGroup.Corrected))).Entries.ShouldAllBe(e => e.DetailBefore == null);
    }

    [Fact]
    public async Task flags_changes_after_the_report_date_by_someone_else_and_large_swings()
    {
        var entries = (await Load(new HistoryFilter())).Entries.ToDictionary(e => (e.Sequence, e.Position), e => e.Flags);
        entries[(17, 0)].ShouldBe([ChangeFlag.AfterReportDate]);
        entries[(16, 0)].ShouldBe([ChangeFlag.NotTeacherOfRecord]);
        entries[(15, 0)].ShouldBe([ChangeFlag.LargeSwing]);
        entries[(14, 0)].ShouldBeEmpty();
        (await Load(new HistoryFilter(FlaggedOnly: true))).Entries.Select(e => e.Sequence).ShouldBe([17, 16, 15]);
        (await Counts()).ShouldBe(Enum.GetValues<ChangeFlag>().Select(f => new FlagCount(f, f == ChangeFlag.AfterLock ? 0 : 1)));
    }

    [Fact]
    public async Task flags_changes_made_while_the_gradebook_was_locked_and_never_the_lock_and_request_lines()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        var request = StreamKeys.CorrectionRequest(School, Guid.NewGuid());
        var before = _events.Count;
        Add(new GradebookLocked(_term, _x1), math, "wali.x1", Day.AddDays(4));                                                        // 18
        Add(new CorrectionRequested(Guid.NewGuid(), _mathX1, _term, _x1, _adi, "tp1", 70, 75, "Salah ketik"), request, "guru.mtk");   // 19
        Add(new ScoreCorrected(_adi, "tp1", 70, 75, "Salah ketik"), math, "kepsek", Day.AddDays(5), EntrySource.Approval);        // 20
        Add(FinalGrade(_adi, from: 70, to: 75), math, "kepsek", Day.AddDays(5), EntrySource.Calculation);                             // 21
        Add(new GradebookUnlocked(_term, _x1, "Remedial"), math, "kepsek", Day.AddDays(6));                                          // 22
        Add(new ScoreCorrected(_sari, "tp1", 55, 60, "Remedial"), math, "guru.mtk", Day.AddDays(7));                                // 23
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        var entries = (await Load(new HistoryFilter())).Entries.Where(e => e.Sequence > 17).ToDictionary(e => e.Sequence, e => e.Flags);
        entries[20].ShouldBe([ChangeFlag.AfterLock], "the principal carried out the teacher's own request: not a change by someone else");
        entries[21].ShouldBe([ChangeFlag.AfterLock], "what the approval recalculated");
        entries[23].ShouldBeEmpty();
        entries[18].ShouldBeEmpty("a lock line is not a change, though the wali kelas is not the teacher of record");
        entries[22].ShouldBeEmpty();
        entries[19].ShouldBeEmpty();
        (await Load(new HistoryFilter(Flag: ChangeFlag.AfterLock))).Entries.Select(e => e.Sequence).ShouldBe([21, 20]);
        var counts = await Counts();
        counts.Single(c => c.Flag == ChangeFlag.AfterLock).Count.ShouldBe(2);
        counts.Single(c => c.Flag == ChangeFlag.NotTeacherOfRecord).Count.ShouldBe(1, "only the principal's own correction (16)");
    }

    [Fact]
    public async Task flag_counts_kept_between_visits_follow_new_changes_locks_reassignments_and_report_dates()
    {
        async Task CountsAgreeWithAFreshCountAndTheFilters(string when)
        {
            foreach (var visible in new GradebookFilter?[] { null, new(_teacher, [], []), new(Guid.Empty, [], [_oldTerm]) })
            {
                var kept = await Counts(visible);
                kept.ShouldBe(await Counts(visible, new FlagTallies(_store)), $"{when}: kept against counted afresh ({visible?.TeacherId})");
                foreach (var count in kept)
                {
                    var filtered = (await Load(new HistoryFilter(Flag: count.Flag, PageSize: 1000), visible)).Entries.Select(e => e.Cursor).ToList();
                    filtered.Count.ShouldBe(count.Count, $"{when}: {count.Flag} against its filter ({visible?.TeacherId})");
                    (await Load(new HistoryFilter(Flag: count.Flag, PageSize: 1000), visible, _tallies)).Entries.Select(e => e.Cursor)
                        .ShouldBe(filtered, $"{when}: {count.Flag} read from the gradebooks that have it ({visible?.TeacherId})");
                }
                (await Load(new HistoryFilter(FlaggedOnly: true, PageSize: 1000), visible, _tallies)).Entries.Select(e => e.Cursor)
                    .ShouldBe((await Load(new HistoryFilter(FlaggedOnly: true, PageSize: 1000), visible)).Entries.Select(e => e.Cursor),
                        $"{when}: flagged only, read from the gradebooks that have flags ({visible?.TeacherId})");
            }
        }
        async Task Apply(params (object Data, string Stream, string User, int Day, EntrySource Source)[] changes)
        {
            var before = _events.Count;
            foreach (var (data, stream, user, day, source) in changes)
                Add(data, stream, user, Day.AddDays(day), source);
            await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);
        }
        var math = StreamKeys.Gradebook(School, _mathX1);
        var bio = StreamKeys.Gradebook(School, _bioX2);
        await CountsAgreeWithAFreshCountAndTheFilters("at first");

        await Apply((new ScoreCorrected(_sari, "tp1", 55, 90, "Remedial"), math, "kepsek", 1, EntrySource.Form));
        await CountsAgreeWithAFreshCountAndTheFilters("after a new change");

        await Apply((new GradebookLocked(_term, _x1), math, "wali.x1", 2, EntrySource.Form),
            (new ScoreCorrected(_adi, "tp1", 70, 72, "Disetujui"), math, "kepsek", 3, EntrySource.Approval));
        (await Counts()).Single(c => c.Flag == ChangeFlag.AfterLock).Count.ShouldBe(1);
        await CountsAgreeWithAFreshCountAndTheFilters("after a lock");

        await Apply((new GradebookUnlocked(_term, _x1, "Remedial"), math, "kepsek", 4, EntrySource.Form),
            (new GradebookReassigned(_mathX1, _term, _x1, _math, _teacher, _other, "Cuti"), math, "admin", 5, EntrySource.Form),
            (new ScoreCorrected(_adi, "tp1", 72, 74, "Remedial"), math, "guru.mtk", 6, EntrySource.Form));
        await CountsAgreeWithAFreshCountAndTheFilters("after a reassignment");

        var kept = (await Counts()).Single(c => c.Flag == ChangeFlag.AfterReportDate).Count;
        await Apply((new TermUpdated(_oldTerm, "2025/2026", 2, new DateOnly(2026, 12, 5), null), StreamKeys.Term(School, _oldTerm), "admin", 6, EntrySource.Form),
            (new ScoresRecorded([new RecordedScore(_sari, "sas-tes", 80)]), bio, "guru.bio", 7, EntrySource.Form));
        (await Counts()).Single(c => c.Flag == ChangeFlag.AfterReportDate).Count.ShouldBe(kept, "one change is now before the report date, one after");
        await CountsAgreeWithAFreshCountAndTheFilters("after the report date moved");
    }

    [Fact]
    public async Task a_kept_count_of_a_gradebook_out_of_view_while_its_facts_changed_and_changed_back_is_counted_again()
    {
        var bio = StreamKeys.Gradebook(School, _bioX2);
        var term = StreamKeys.Term(School, _oldTerm);
        var bambang = new GradebookFilter(_teacher, [], []);
        (await Counts()).Single(c => c.Flag == ChangeFlag.AfterReportDate).Count.ShouldBe(1);
        var before = _events.Count;
        Add(new TermUpdated(_oldTerm, "2025/2026", 2, new DateOnly(2026, 12, 20), null), term, "admin");
        Add(new ScoresRecorded([new RecordedScore(_sari, "sas-tes", 80)]), bio, "guru.bio", Day.AddDays(2));
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);
        await Counts(bambang); // a visit that does not show Biologi X-2 while its report date is another
        before = _events.Count;
        Add(new TermUpdated(_oldTerm, "2025/2026", 2, new DateOnly(2026, 6, 20), null), term, "admin");
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        (await Counts()).Single(c => c.Flag == ChangeFlag.AfterReportDate).Count.ShouldBe(2, "both Biologi changes are after 20 June");
    }

    [Fact]
    public async Task a_recalculation_is_not_flagged_as_someone_elses_change_but_the_change_that_caused_it_is()
    {
        var math = StreamKeys.Gradebook(School, _mathX1);
        var before = _events.Count;
        Add(new ScoreCorrected(_sari, "tp1", 55, 58, "Diminta kepala sekolah"), math, "kepsek", Day.AddDays(3));                    // 18
        Add(FinalGrade(_sari, from: 55, to: 58), math, "kepsek", Day.AddDays(3), EntrySource.Calculation);                           // 19
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        var entries = (await Load(new HistoryFilter())).Entries.Where(e => e.Sequence > 17).ToDictionary(e => e.Sequence, e => e.Flags);
        entries[18].ShouldBe([ChangeFlag.NotTeacherOfRecord]);
        entries[19].ShouldBeEmpty();
        (await Load(new HistoryFilter(FlaggedOnly: true))).Entries.Select(e => e.Sequence).ShouldBe([18, 17, 16, 15]);
    }

    private static ResultsCalculated FinalGrade(Guid student, int from, int to) =>
        new([new FinalGradeCalculated(student, to, true, to, null, null, from)], [], []);

    [Fact]
    public async Task pages_through_everything_exactly_once()
    {
        var seen = new List<(long, int)>();
        HistoryCursor? after = null;
        do
        {
            var page = await Load(new HistoryFilter(After: after, PageSize: 2));
            seen.AddRange(page.Entries.Select(e => (e.Sequence, e.Position)));
            after = page.Next;
        } while (after is not null);
        seen.ShouldBe([(17, 0), (16, 0), (15, 0), (14, 0), (13, 0), (13, 1)]);
    }

    [Fact]
    public async Task pages_back_from_any_page_to_the_page_before_and_the_first_page_has_no_way_back()
    {
        var forward = new List<HistoryPage>();
        HistoryCursor? after = null;
        do
        {
            var page = await Load(new HistoryFilter(After: after, PageSize: 2));
            forward.Add(page);
            after = page.Next;
        } while (after is not null);
        forward.Count.ShouldBe(3);
        forward[0].Previous.ShouldBeNull();

        for (var i = forward.Count - 1; i > 0; i--)
        {
            var back = await Load(new HistoryFilter(Before: forward[i].Previous, PageSize: 2));
            back.Entries.Select(e => e.Cursor).ShouldBe(forward[i - 1].Entries.Select(e => e.Cursor), $"back from page {i + 1}");
            back.Next.ShouldBe(forward[i - 1].Next);
            (back.Previous is null).ShouldBe(i == 1, $"only page 1 has no page before (back from page {i + 1})");
        }
    }

    [Fact]
    public async Task counts_every_change_the_filter_matches_whatever_the_page_up_to_one_more_than_asked()
    {
        (await Load(new HistoryFilter(PageSize: 2), countUpTo: 100)).Count.ShouldBe(6);
        (await Load(new HistoryFilter(PageSize: 2), countUpTo: 4)).Count.ShouldBe(5, "more than 4: the count stops there");
        (await Load(new HistoryFilter(SubjectId: _math, PageSize: 2, After: new HistoryCursor(16, 0)), countUpTo: 100)).Count.ShouldBe(5,
            "the filter's, not what follows the cursor");
        (await Load(new HistoryFilter(SubjectId: _math, PageSize: 2, Before: new HistoryCursor(13, 0)), countUpTo: 100)).Count.ShouldBe(5);
        (await Load(new HistoryFilter(Kind: ChangeGroup.Corrected), countUpTo: 100)).Count.ShouldBe(3, "a page that holds every match");
        (await Load(new HistoryFilter())).Count.ShouldBeNull("the API and the CSV do not count");
        (await Load(new HistoryFilter(FlaggedOnly: true), countUpTo: 100)).Count.ShouldBeNull("the flag counters say it, without a walk through every change");
    }

    /// <summary>A class lock is one <see cref="GradebookLocked"/> per gradebook of the class, all with the lock's command id.</summary>
    [Fact]
    public async Task a_students_changes_list_a_class_lock_once_finding_its_other_lines_by_the_command_index()
    {
        var bioX1 = Guid.NewGuid();
        var bio = StreamKeys.Gradebook(School, bioX1);
        var before = _events.Count;
        Add(new GradebookOpened(bioX1, _term, _x1, _bio, _other, [new LearningObjective("tp1", "TP1", "a")]), bio);                  // 18
        Add(new ScoresRecorded([new RecordedScore(_adi, "tp1", 75)]), bio, "guru.bio");                                                  // 19
        var command = Guid.NewGuid().ToString();
        foreach (var stream in new[] { StreamKeys.Gradebook(School, _mathX1), bio })                                                    // 20, 21
        {
            Add(new GradebookLocked(_term, _x1), stream, "wali.x1", Day.AddDays(4));
            _events[^1].SetHeader(CommandPipeline.CommandIdHeader, command);
        }
        await _store.ApplyAsync(_events.Skip(before).ToList(), _sequence);

        using var capture = new ERaport.AuditBenchmark.HistoryQueryCapture(_store.Path);
        var theirs = (await Load(new HistoryFilter(StudentId: _adi, Kind: ChangeGroup.Lock))).Entries;

        theirs.Select(e => (e.Sequence, e.SubjectName)).ShouldBe([(20L, "Matematika, Biologi")]);
        (await Load(new HistoryFilter(SubjectId: _bio, Kind: ChangeGroup.Lock))).Entries.Select(e => e.Sequence).ShouldBe([21L], "a gradebook keeps its own line");
        var plan = await ERaport.AuditBenchmark.HistoryQueryCapture.PlanAsync(_store.Path, capture.Paged[0]);
        plan.ShouldContain("USING INDEX IX_ScoreChanges_Command (Command=?)", Case.Sensitive, plan);
        plan.ShouldNotContain("SCAN s", Case.Sensitive, "no walk through the score changes: " + plan);
    }

    [Fact]
    public async Task a_teacher_sees_only_their_own_teaching_assignments()
    {
        var page = await Load(new HistoryFilter(), new GradebookFilter(_other, [], []));
        page.Entries.Select(e => e.Sequence).ShouldBe([17]);
    }
}
