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

    // Only religions the demo has a religion subject for, so every student has one.
    private static readonly (string Religion, int Weight)[] Religions = [("Islam", 88), ("Kristen", 12)];

    /// <summary><paramref name="taken"/> holds the names and NISNs given so far, so that both stay unique
    /// across the school (an import refuses a repeated NISN).</summary>
    public static IEnumerable<DemoStudent> Students(Random random, int count, int birthYear, HashSet<string> taken, ref int number)
    {
        var students = new List<DemoStudent>();
        while (students.Count < count)
        {
            var sex = random.Next(2) == 0 ? "L" : "P";
            var first = sex == "L" ? Boys[random.Next(Boys.Length)] : Girls[random.Next(Girls.Length)];
            var family = FamilyNames[random.Next(FamilyNames.Length)];
            if (sex == "L" && family.StartsWith("Putri"))
                continue;
            var name = $"{first} {family}";
            // A NISN starts with the last three digits of the birth year.
            var nisn = $"{birthYear % 1000:000}{random.Next(0, 10_000_000):0000000}";
            if (taken.Contains(name) || !taken.Add(nisn))
                continue;
            taken.Add(name);
            number++;
            var roll = random.Next(100);
            var religion = Religions.First(r => (roll -= r.Weight) < 0).Religion;
            // A NIS starts with the year the student entered class X.
            students.Add(new DemoStudent(Guid.CreateVersion7(), name, nisn, $"{(birthYear + 16) % 100:00}{number:0000}", sex,
                Places[random.Next(Places.Length)], new DateOnly(birthYear, 1, 1).AddDays(random.Next(0, 365)), religion));
        }
        return students;
    }

    /// <summary>A subject as the rapor lists it, the teacher who teaches it and its learning objectives (TP).</summary>
    public sealed record DemoSubject(string Code, string Name, string Group, int Order, bool IsReligion, string Religion,
        string TeacherUser, string TeacherName, string[] Objectives);

    /// <summary>Kurikulum Merdeka SMA subjects in rapor order; religion subjects carry their religion.</summary>
    public static readonly DemoSubject[] Subjects =
    [
        new("PAI", "Pendidikan Agama Islam dan Budi Pekerti", "Umum", 1, true, "Islam", "guru.pai", "H. Ahmad Fauzi, S.Pd.I.",
        [
            "Menganalisis makna Q.S. Al-Hujurat ayat 10 dan 12 tentang ukhuwah dan larangan berprasangka buruk.",
            "Menerapkan adab menuntut ilmu dan menghormati guru dalam kehidupan sehari-hari.",
            "Menjelaskan ketentuan zakat, infak dan sedekah serta hikmahnya.",
        ]),
        new("PAK", "Pendidikan Agama Kristen dan Budi Pekerti", "Umum", 1, true, "Kristen", "guru.pak", "Maria Simanjuntak, S.Th.",
        [
            "Menjelaskan karya Allah dalam penciptaan dan pemeliharaan alam.",
            "Meneladani sikap Yesus dalam mengasihi sesama.",
            "Menerapkan nilai kejujuran dan tanggung jawab sebagai remaja Kristen.",
        ]),
        new("PP", "Pendidikan Pancasila", "Umum", 2, false, "", "guru.pp", "Drs. Ujang Supriatna",
        [
            "Menganalisis penerapan nilai-nilai Pancasila dalam penyelenggaraan pemerintahan.",
            "Menjelaskan hak dan kewajiban warga negara menurut UUD 1945.",
            "Mengidentifikasi ancaman terhadap Negara Kesatuan Republik Indonesia.",
        ]),
        new("BIND", "Bahasa Indonesia", "Umum", 3, false, "", "guru.bindo", "Dewi Kartika, S.Pd.",
        [
            "Mengevaluasi gagasan dan pandangan dalam teks eksposisi.",
            "Menulis teks laporan hasil observasi secara runtut.",
            "Menyampaikan pendapat dalam diskusi dengan santun.",
            "Menganalisis unsur intrinsik cerita pendek.",
        ]),
        new("MTK", "Matematika", "Umum", 4, false, "", "guru.mtk", "Bambang Sutrisno, S.Si.",
        [
            "Menyelesaikan masalah yang berkaitan dengan eksponen dan logaritma.",
            "Menggunakan barisan dan deret aritmetika dalam masalah sehari-hari.",
            "Menyelesaikan sistem persamaan linear tiga variabel.",
            "Menyajikan dan menafsirkan data dalam bentuk diagram.",
        ]),
        new("BING", "Bahasa Inggris", "Umum", 5, false, "", "guru.bing", "Nurul Hidayah, S.Pd.",
        [
            "Memahami gagasan utama teks deskriptif lisan dan tulis.",
            "Menulis teks prosedur sederhana dengan struktur yang tepat.",
            "Menyampaikan presentasi singkat tentang topik sehari-hari.",
        ]),
        new("SEJ", "Sejarah", "Umum", 6, false, "", "guru.sej", "Asep Saepudin, S.Pd.",
        [
            "Menjelaskan konsep dasar ilmu sejarah: manusia, ruang dan waktu.",
            "Menganalisis jalur rempah dan pengaruhnya bagi Nusantara.",
            "Menyusun kisah sejarah lokal dari sumber primer sederhana.",
        ]),
        new("PJOK", "Pendidikan Jasmani, Olahraga, dan Kesehatan", "Umum", 7, false, "", "guru.pjok", "Dadang Kurniawan, S.Pd.",
        [
            "Mempraktikkan teknik dasar permainan bola voli.",
            "Mempraktikkan rangkaian gerak senam lantai.",
            "Menjelaskan bahaya narkoba dan cara menghindarinya.",
        ]),
        new("SENI", "Seni Budaya", "Umum", 8, false, "", "guru.seni", "Ratna Sari Dewi, S.Sn.",
        [
            "Mengapresiasi karya seni rupa Nusantara.",
            "Membuat karya seni rupa dua dimensi dengan teknik campuran.",
            "Menampilkan lagu daerah secara berkelompok.",
        ]),
        new("INF", "Informatika", "Umum", 9, false, "", "guru.inf", "Hendra Gunawan, S.Kom.",
        [
            "Menerapkan berpikir komputasional untuk memecahkan masalah.",
            "Menulis algoritma sederhana dengan percabangan dan perulangan.",
            "Mengolah data dengan aplikasi lembar kerja.",
            "Menjelaskan etika dan keamanan dalam bermedia digital.",
        ]),
        new("BIO", "Biologi", "Pilihan", 10, false, "", "guru.bio", "Yuliana Siregar, S.Pd.",
        [
            "Menjelaskan keanekaragaman hayati dan upaya pelestariannya.",
            "Mengidentifikasi peran virus dalam kehidupan.",
            "Menganalisis interaksi dalam ekosistem.",
            "Merancang percobaan sederhana tentang perubahan lingkungan.",
        ]),
        new("FIS", "Fisika", "Pilihan", 11, false, "", "guru.fis", "Teguh Prasetyo, S.Pd.",
        [
            "Menerapkan konsep pengukuran dan angka penting.",
            "Menganalisis gerak lurus beraturan dan berubah beraturan.",
            "Menjelaskan energi terbarukan dan pemanfaatannya.",
        ]),
        new("KIM", "Kimia", "Pilihan", 12, false, "", "guru.kim", "Siti Aminah, S.Si.",
        [
            "Menerapkan hukum-hukum dasar kimia dalam perhitungan sederhana.",
            "Menjelaskan struktur atom dan konfigurasi elektron.",
            "Menganalisis reaksi redoks dalam kehidupan sehari-hari.",
        ]),
        new("EKO", "Ekonomi", "Pilihan", 13, false, "", "guru.eko", "Rudi Hartono, S.E.",
        [
            "Menjelaskan kelangkaan dan pilihan dalam kegiatan ekonomi.",
            "Menganalisis keseimbangan pasar dari permintaan dan penawaran.",
            "Menyusun anggaran keuangan pribadi yang sehat.",
        ]),
        new("BSUN", "Bahasa Sunda", "Muatan Lokal", 20, false, "", "guru.sunda", "Cecep Suhendar, S.Pd.",
        [
            "Memahami isi dan struktur sajak Sunda.",
            "Menulis carita pondok dalam bahasa Sunda.",
            "Menggunakan undak usuk basa dalam percakapan.",
        ]),
    ];

    public static readonly (string Activity, string Description)[] Extracurriculars =
    [
        ("Pramuka", "Aktif mengikuti latihan rutin dan perkemahan Sabtu-Minggu; terampil membuat simpul dan tali-temali."),
        ("PMR", "Terampil memberikan pertolongan pertama dan bertugas di UKS saat upacara."),
        ("Futsal", "Disiplin berlatih dan menjadi pemain inti pada turnamen antarsekolah."),
        ("Paskibra", "Tekun berlatih baris-berbaris dan bertugas pada upacara hari besar nasional."),
        ("English Club", "Percaya diri berbicara di depan kelompok dan aktif dalam debat bahasa Inggris."),
        ("Rohis", "Rajin mengikuti kajian pekanan dan membantu kegiatan peringatan hari besar Islam."),
        ("Paduan Suara", "Menguasai bagian suaranya dengan baik dan tampil pada acara sekolah."),
        ("Bola Basket", "Menguasai teknik dribel dan operan, bermain kompak dalam tim."),
    ];

    public static readonly string[] Kokurikuler =
    [
        "Dalam projek \"Gaya Hidup Berkelanjutan\", ananda aktif memilah sampah kelas dan mengajak teman membawa botol minum sendiri.",
        "Dalam projek \"Kearifan Lokal\", ananda mewawancarai perajin angklung dan menyajikan hasilnya dengan runtut.",
        "Dalam projek \"Bangunlah Jiwa dan Raganya\", ananda menyusun poster kesehatan mental dan mempresentasikannya dengan percaya diri.",
        "Dalam projek \"Kewirausahaan\", ananda bertanggung jawab atas pembukuan stan kelompok pada bazar sekolah.",
    ];

    public static readonly string[] HomeroomNotes =
    [
        "Pertahankan prestasimu dan terus tingkatkan kedisiplinan.",
        "Ananda santun dan rajin; tingkatkan keberanian bertanya di kelas.",
        "Tingkatkan kehadiran dan ketepatan waktu mengumpulkan tugas.",
        "Ananda menjadi teladan bagi teman-temannya. Terus semangat belajar!",
        "Perlu lebih fokus saat pelajaran dan mengurangi penggunaan gawai.",
        "Aktif dalam kegiatan kelas; jaga keseimbangan antara organisasi dan belajar.",
    ];
}
