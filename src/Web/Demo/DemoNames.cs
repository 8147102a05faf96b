namespace ERaport.Web.Demo;

public sealed record DemoStudent(Guid Id, string Name, string Nisn, string Nis, string Sex, string BirthPlace, DateOnly BirthDate, string Religion);

/// <summary>Believable Indonesian names and learning objectives for the demo school.</summary>
public static class DemoNames
{
    private static readonly string[] Boys =
    [
        "Adi", "Ahmad", "Andi", "Arif", "Bagus", "Bayu", "Budi", "Dimas", "Eko", "Fajar", "Farhan", "Gilang", "Hendra", "Ilham",
        "Joko", "Kevin", "Muhammad", "Nanda", "Putra", "Rizky", "Satria", "Teguh", "Wahyu", "Yoga", "Zaki", "Reza", "Rafi", "Daffa",
    ];

    private static readonly string[] Girls =
    [
        "Aisyah", "Ayu", "Citra", "Dewi", "Dinda", "Fitri", "Indah", "Intan", "Kartika", "Lestari", "Maya", "Nabila", "Nadia", "Nur",
        "Putri", "Rahma", "Ratna", "Salsabila", "Sari", "Siti", "Tiara", "Wulan", "Yuni", "Zahra", "Anisa", "Keisha", "Alya", "Naura",
    ];

    private static readonly string[] FamilyNames =
    [
        "Pratama", "Saputra", "Wijaya", "Hidayat", "Nugroho", "Setiawan", "Kurniawan", "Santoso", "Siregar", "Nasution", "Lubis",
        "Harahap", "Simanjuntak", "Sihombing", "Wibowo", "Hakim", "Rahman", "Permana", "Gunawan", "Ramadhan", "Maulana",
        "Firmansyah", "Kusuma", "Hasibuan", "Manurung", "Tanjung", "Sinaga", "Putri Utami", "Anggraini", "Rahmawati", "Handayani",
    ];

    private static readonly string[] Places = ["Bandung", "Jakarta", "Bogor", "Cimahi", "Garut", "Medan", "Surabaya", "Semarang", "Sumedang", "Tasikmalaya"];

    private static readonly (string Religion, int Weight)[] Religions = [("Islam", 85), ("Kristen", 8), ("Katolik", 4), ("Hindu", 2), ("Buddha", 1)];

    public static IEnumerable<DemoStudent> Students(Random random, int count, ref int number)
    {
        var students = new List<DemoStudent>();
        var names = new HashSet<string>();
        while (students.Count < count)
        {
            var sex = random.Next(2) == 0 ? "L" : "P";
            var first = sex == "L" ? Boys[random.Next(Boys.Length)] : Girls[random.Next(Girls.Length)];
            var family = FamilyNames[random.Next(FamilyNames.Length)];
            if (sex == "L" && family.StartsWith("Putri"))
                continue;
            var name = $"{first} {family}";
            if (!names.Add(name))
                continue;
            number++;
            var roll = random.Next(100);
            var religion = Religions.First(r => (roll -= r.Weight) < 0).Religion;
            students.Add(new DemoStudent(Guid.CreateVersion7(), name, $"0{random.Next(100_000_000, 109_999_999)}0"[..10],
                $"2627{number:000}", sex, Places[random.Next(Places.Length)],
                new DateOnly(2010, 1, 1).AddDays(random.Next(0, 500)), religion));
        }
        return students;
    }

    public static readonly string[] BahasaIndonesiaObjectives =
    [
        "Mengevaluasi gagasan dan pandangan dalam teks eksposisi.",
        "Menulis teks laporan hasil observasi secara runtut.",
        "Menyampaikan pendapat dalam diskusi dengan santun.",
        "Menganalisis unsur intrinsik cerita pendek.",
    ];

    public static readonly string[] MathematicsObjectives =
    [
        "Menyelesaikan masalah yang berkaitan dengan eksponen dan logaritma.",
        "Menggunakan barisan dan deret aritmetika dalam masalah sehari-hari.",
        "Menyelesaikan sistem persamaan linear tiga variabel.",
        "Menyajikan dan menafsirkan data dalam bentuk diagram.",
    ];

    public static readonly string[] BiologyObjectives =
    [
        "Menjelaskan keanekaragaman hayati dan upaya pelestariannya.",
        "Mengidentifikasi peran virus dalam kehidupan.",
        "Menganalisis interaksi dalam ekosistem.",
        "Merancang percobaan sederhana tentang perubahan lingkungan.",
    ];
}
