using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ERaport.Tests.Faults;

/// <summary>A teacher's write load over HTTP: a few writers at once, each save one empty cell with its own command id.
/// Remembers which saves were acknowledged (200), which were refused (with their answer) and which got no answer
/// at all. A writer stops at its first unanswered request (the app is gone) or when told to. The load owns the
/// teacher's client.</summary>
public sealed class WriteLoad
{
    public sealed record Save(Guid CommandId, Guid GradebookId, Guid StudentId, string Assessment, int Value);

    public sealed record Refusal(Save Save, int Status, string? ContentType, string Body);

    private readonly HttpClient _teacher;
    private readonly ConcurrentQueue<Save> _cells;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers;

    public ConcurrentQueue<Save> Acknowledged { get; } = new();
    public ConcurrentQueue<Refusal> Refused { get; } = new();
    public ConcurrentQueue<(Save Save, string Error)> Unanswered { get; } = new();

    private long _highestSequence;

    /// <summary>The highest event sequence an acknowledged save answered with.</summary>
    public long HighestSequence => Interlocked.Read(ref _highestSequence);

    public WriteLoad(HttpClient teacher, IEnumerable<Guid> gradebooks, IReadOnlyList<Guid> students, IReadOnlyList<string> assessments, int writers = 4)
    {
        _cells = new(gradebooks.SelectMany(g => students.SelectMany(s => assessments.Select(a =>
            new Save(Guid.NewGuid(), g, s, a, Random.Shared.Next(0, 101))))));
        _teacher = teacher;
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteAsync(teacher))).ToList();
    }

    private async Task WriteAsync(HttpClient teacher)
    {
        while (!_stop.IsCancellationRequested && _cells.TryDequeue(out var save))
        {
            HttpResponseMessage answer;
            try
            {
                answer = await teacher.PostAsJsonAsync($"/api/gradebooks/{save.GradebookId}/scores", new
                {
                    commandId = save.CommandId,
                    scores = new[] { new { studentId = save.StudentId, assessment = save.Assessment, value = save.Value } },
                });
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Unanswered.Enqueue((save, e.Message));
                return;
            }
            using (answer)
            {
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    var sequence = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();
                    for (var seen = HighestSequence; sequence > seen; seen = HighestSequence)
                        Interlocked.CompareExchange(ref _highestSequence, sequence, seen);
                    Acknowledged.Enqueue(save);
                }
                else
                    Refused.Enqueue(new Refusal(save, (int)answer.StatusCode, answer.Content.Headers.ContentType?.MediaType,
                        await answer.Content.ReadAsStringAsync()));
            }
        }
    }

    /// <summary>Tells the writers to stop after their current save and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
        _teacher.Dispose();
    }

    /// <summary>Every acknowledged save the teacher's sheets do not show (yet): empty when the read model holds them all.</summary>
    public async Task<List<string>> MissingFromSheetsAsync(HttpClient teacher)
    {
        var missing = new List<string>();
        foreach (var gradebook in Acknowledged.GroupBy(s => s.GradebookId))
        {
            using var sheet = JsonDocument.Parse(await teacher.GetStringAsync($"/api/gradebooks/{gradebook.Key}/scores"));
            var shown = sheet.RootElement.GetProperty("students").EnumerateArray().SelectMany(s =>
                    s.GetProperty("scores").EnumerateObject().Select(c =>
                        (Student: s.GetProperty("studentId").GetGuid(), Assessment: c.Name, Value: c.Value.GetProperty("value").GetInt32())))
                .ToHashSet();
            missing.AddRange(gradebook.Where(s => !shown.Contains((s.StudentId, s.Assessment, s.Value)))
                .Select(s => $"{s.GradebookId}/{s.StudentId}/{s.Assessment}={s.Value}"));
        }
        return missing;
    }
}
