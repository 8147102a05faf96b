using System.Text.Json;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>Issue 7: many people (or one impatient one) at once. Runs in the master-data collection because it
/// registers students.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class ConcurrencyTests(MasterDataFixture app)
{
    private const int InParallel = 32;

    /// <summary>Runs <paramref name="count"/> calls, <see cref="InParallel"/> at a time, each from its own tab.</summary>
    private static async Task<T[]> AllAtOnceAsync<T>(int count, Func<int, Task<T>> call)
    {
        using var gate = new SemaphoreSlim(InParallel);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await call(i);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<(int Status, string Body)> PostAsync(TestBrowser tab, string url, object body)
    {
        var result = await tab.SendAsync(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task a_thousand_parallel_corrections_of_the_same_cells_give_one_winner_per_seen_value_and_no_silent_overwrite()
    {
        // 20 cells, 50 corrections each, every one with a value of its own: a winner is told apart by its value.
        const int seen = 50;
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var cells = app.School.Students.SelectMany(s => TestSchool.Assessments.Select(a => (Student: s, Assessment: a))).Take(20).ToList();
        (await PostAsync(teacher, $"/api/gradebooks/{gradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = cells.Select(c => new { studentId = c.Student, assessment = c.Assessment, value = seen }),
        })).Status.ShouldBe(200);

        var answers = await AllAtOnceAsync(1000, async i =>
        {
            var (cell, value) = (cells[i % cells.Count], seen + 1 + i / cells.Count);
            var (status, body) = await PostAsync(teacher.NewTab(), $"/api/gradebooks/{gradebook}/corrections",
                new { commandId = Guid.NewGuid(), studentId = cell.Student, assessment = cell.Assessment, seen, value, reason = "Koreksi serentak" });
            return (Cell: cell, Value: value, Status: status, Body: body);
        });

        answers.Select(a => a.Status).Distinct().Order().ToArray().ShouldBe([200, 409], "every correction is either the winner or a conflict");
        var winners = answers.Where(a => a.Status == 200).ToList();
        winners.Select(w => w.Cell).Order().ShouldBe(cells.Order(), "exactly one winner per cell");
        foreach (var loser in answers.Where(a => a.Status == 409))
        {
            using var problem = JsonDocument.Parse(loser.Body);
            problem.RootElement.GetProperty("code").GetString().ShouldBe("score.conflict");
            problem.RootElement.GetProperty("errors")[0].GetProperty("details").GetProperty("current").GetInt32()
                .ShouldBe(winners.Single(w => w.Cell == loser.Cell).Value, "the conflict shows the value that won");
        }
        var corrections = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, gradebook)))
            .Select(e => e.Data).OfType<ScoreCorrected>().ToList();
        corrections.Select(c => ((c.StudentId, c.Assessment), c.Before, c.After)).Order()
            .ShouldBe(winners.Select(w => (w.Cell, (int?)seen, (int?)w.Value)).Order(), "the event store holds exactly the winners");
    }

    [Fact]
    public async Task a_save_sent_many_times_at_once_and_again_later_is_one_event_with_one_answer()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var body = new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = app.School.Students[0], assessment = "tp2", value = 77 } } };

        var concurrent = await AllAtOnceAsync(20, _ => PostAsync(teacher.NewTab(), $"/api/gradebooks/{gradebook}/scores", body));
        var sequential = new List<(int Status, string Body)>();
        for (var i = 0; i < 3; i++)
            sequential.Add(await PostAsync(teacher.NewTab(), $"/api/gradebooks/{gradebook}/scores", body));

        concurrent.Concat(sequential).Distinct().ShouldHaveSingleItem().Status.ShouldBe(200);
        (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, gradebook))).Count(e => e.Data is ScoresRecorded).ShouldBe(1);
    }

    [Fact]
    public async Task a_new_student_sent_many_times_at_once_and_again_later_is_registered_once_with_one_answer()
    {
        var admin = await app.SignInAsync("admin");
        var commandId = Guid.NewGuid();
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var body = new { commandId, name = "Dewi Serentak", nisn, nis, sex = "P", birthDate = "2010-05-06", religion = "Islam" };

        var concurrent = await AllAtOnceAsync(20, _ => PostAsync(admin.NewTab(), "/api/master-data/students", body));
        var sequential = new List<(int Status, string Body)>();
        for (var i = 0; i < 3; i++)
            sequential.Add(await PostAsync(admin.NewTab(), "/api/master-data/students", body));

        concurrent.Concat(sequential).Distinct().ShouldHaveSingleItem().Status.ShouldBe(200);
        var studentId = JsonDocument.Parse(sequential[0].Body).RootElement.GetProperty("id").GetGuid();
        (await app.EventsAsync(StreamKeys.Student(TestSchool.Id, studentId))).Count(e => e.Data is StudentRegistered).ShouldBe(1);
    }
}
