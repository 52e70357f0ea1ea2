/// A name as shown, and the ASCII spelling used to build email addresses from it.
struct PooledName: Sendable {
    let shown: String
    let ascii: String

    init(_ shown: String, _ ascii: String? = nil) {
        self.shown = shown
        self.ascii = ascii ?? shown.lowercased()
    }
}

/// Names of one culture, with the locale its users tend to pick and how often it occurs.
struct NameCulture: Sendable {
    let weight: Int
    let locales: [String?]
    let firstNames: [PooledName]
    let lastNames: [PooledName]
}

/// First and last names from many cultures: accented, decomposed (combining marks), CJK, Cyrillic,
/// Greek, Arabic and Hebrew script, apostrophes and particles, so clients meet real-world text.
enum NamePool {
    static let cultures: [NameCulture] = [
        NameCulture(weight: 30, locales: ["en", "en", "en-US", "en-GB", nil], firstNames: names(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Emily", "Oliver", "Amelia", "Harry", "Grace", "Sophie", "Jack", "Chloe", "Liam", "Olivia", "Alice",
            "Alina", "Ali", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Isla", "Mason"
        ), lastNames: names(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson",
            "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young",
            "Allen", "King", "Wright", "Scott", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell"
        ) + [PooledName("O'Brien", "obrien"), PooledName("O'Neill", "oneill"), PooledName("McDonald", "mcdonald"),
             PooledName("Smith-Jones", "smith-jones")]),
        NameCulture(weight: 10, locales: ["es", "es-MX", "pt-BR"], firstNames: [
            PooledName("José", "jose"), PooledName("María", "maria"), PooledName("Lucía", "lucia"),
            PooledName("Sofía", "sofia"), PooledName("Martín", "martin"), PooledName("Andrés", "andres"),
            PooledName("Álvaro", "alvaro"), PooledName("Íñigo", "inigo"), PooledName("Pilar"),
            PooledName("Joaquín", "joaquin"), PooledName("João", "joao"), PooledName("Conceição", "conceicao"),
            PooledName("Jose\u{301}", "jose"), PooledName("Alejandro"), PooledName("Camila"),
        ], lastNames: [
            PooledName("García", "garcia"), PooledName("Rodríguez", "rodriguez"), PooledName("Martínez", "martinez"),
            PooledName("Hernández", "hernandez"), PooledName("López", "lopez"), PooledName("González", "gonzalez"),
            PooledName("Pérez", "perez"), PooledName("Sánchez", "sanchez"), PooledName("Núñez", "nunez"),
            PooledName("Muñoz", "munoz"), PooledName("de la Cruz", "delacruz"), PooledName("Nun\u{303}ez", "nunez"),
            PooledName("Gonçalves", "goncalves"), PooledName("Ortiz"),
        ]),
        NameCulture(weight: 6, locales: ["fr", "fr-CA"], firstNames: [
            PooledName("Zoë", "zoe"), PooledName("Hélène", "helene"), PooledName("Étienne", "etienne"),
            PooledName("François", "francois"), PooledName("Chloé", "chloe"), PooledName("Anaïs", "anais"),
            PooledName("Loïc", "loic"), PooledName("Amélie", "amelie"), PooledName("Rene\u{301}e", "renee"),
            PooledName("Zoe\u{308}", "zoe"), PooledName("Jean-Luc", "jean-luc"),
        ], lastNames: [
            PooledName("Dubois"), PooledName("Lefèvre", "lefevre"), PooledName("Moreau"), PooledName("Girard"),
            PooledName("Rousseau"), PooledName("Faure"), PooledName("Bérénger", "berenger"),
            PooledName("D'Arcy", "darcy"),
        ]),
        NameCulture(weight: 6, locales: ["de", "de-AT", "nl"], firstNames: [
            PooledName("Jürgen", "juergen"), PooledName("Jörg", "joerg"), PooledName("Käthe", "kaethe"),
            PooledName("Lukas"), PooledName("Anja"), PooledName("Lena"), PooledName("Maximilian"),
            PooledName("Sven"), PooledName("Daan"),
        ], lastNames: [
            PooledName("Müller", "mueller"), PooledName("Schröder", "schroeder"), PooledName("Weiß", "weiss"),
            PooledName("Groß", "gross"), PooledName("Fischer"), PooledName("Becker"),
            PooledName("von Bülow", "vonbuelow"), PooledName("Mu\u{308}ller", "muller"),
            PooledName("van der Berg", "vanderberg"),
        ]),
        NameCulture(weight: 4, locales: ["sv", "da", "nb", "is"], firstNames: [
            PooledName("Åsa", "asa"), PooledName("Bjørn", "bjorn"), PooledName("Søren", "soren"),
            PooledName("Sigríður", "sigridur"), PooledName("Þór", "thor"), PooledName("Ingrid"), PooledName("Freja"),
        ], lastNames: [
            PooledName("Jørgensen", "jorgensen"), PooledName("Ångström", "angstrom"),
            PooledName("Þórsdóttir", "thorsdottir"), PooledName("Lindqvist"), PooledName("Nielsen"),
        ]),
        NameCulture(weight: 4, locales: ["pl", "cs"], firstNames: [
            PooledName("Łukasz", "lukasz"), PooledName("Małgorzata", "malgorzata"), PooledName("Wojciech"),
            PooledName("Zdeněk", "zdenek"), PooledName("Jiří", "jiri"), PooledName("Agnieszka"),
        ], lastNames: [
            PooledName("Wróbel", "wrobel"), PooledName("Łukaszewicz", "lukaszewicz"), PooledName("Kowalski"),
            PooledName("Dvořák", "dvorak"), PooledName("Nowak"),
        ]),
        NameCulture(weight: 3, locales: ["tr"], firstNames: [
            PooledName("Çağla", "cagla"), PooledName("Ömer", "omer"), PooledName("Şule", "sule"),
            PooledName("İbrahim", "ibrahim"), PooledName("Elif"),
        ], lastNames: [
            PooledName("Yıldız", "yildiz"), PooledName("Öztürk", "ozturk"), PooledName("Çelik", "celik"),
            PooledName("Kaya"),
        ]),
        NameCulture(weight: 3, locales: ["vi"], firstNames: [
            PooledName("Thảo", "thao"), PooledName("Phương", "phuong"), PooledName("Đức", "duc"),
            PooledName("Linh"), PooledName("Minh"),
        ], lastNames: [
            PooledName("Nguyễn", "nguyen"), PooledName("Trần", "tran"), PooledName("Lê", "le"),
            PooledName("Phạm", "pham"),
        ]),
        NameCulture(weight: 5, locales: ["ja"], firstNames: [
            PooledName("翔太", "shota"), PooledName("陽菜", "hina"), PooledName("蓮", "ren"), PooledName("結衣", "yui"),
            PooledName("Haruto"), PooledName("Yuki"),
        ], lastNames: [
            PooledName("佐藤", "sato"), PooledName("鈴木", "suzuki"), PooledName("高橋", "takahashi"),
            PooledName("田中", "tanaka"), PooledName("Watanabe"), PooledName("Itō", "ito"),
        ]),
        NameCulture(weight: 6, locales: ["zh-CN", "zh-TW"], firstNames: [
            PooledName("伟", "wei"), PooledName("芳", "fang"), PooledName("秀英", "xiuying"), PooledName("俊杰", "junjie"),
            PooledName("Wei"), PooledName("Mei"),
        ], lastNames: [
            PooledName("王", "wang"), PooledName("李", "li"), PooledName("张", "zhang"), PooledName("刘", "liu"),
            PooledName("陈", "chen"), PooledName("Chen"), PooledName("Zhou"),
        ]),
        NameCulture(weight: 3, locales: ["ko"], firstNames: [
            PooledName("민준", "minjun"), PooledName("서연", "seoyeon"), PooledName("지호", "jiho"), PooledName("Ji-woo", "jiwoo"),
        ], lastNames: [
            PooledName("김", "kim"), PooledName("이", "lee"), PooledName("박", "park"), PooledName("Choi"),
        ]),
        NameCulture(weight: 8, locales: ["en-IN", "en", "hi"], firstNames: names(
            "Priya", "Aarav", "Ananya", "Rohan", "Lakshmi", "Vikram", "Deepika", "Arjun", "Sneha"
        ), lastNames: names("Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Venkataraman", "Krishnamurthy")),
        NameCulture(weight: 4, locales: ["ar", "en"], firstNames: [
            PooledName("Fatima"), PooledName("Omar"), PooledName("Layla"), PooledName("Youssef"),
            PooledName("محمد", "mohammed"), PooledName("نور", "nour"),
        ], lastNames: [
            PooledName("Al-Sayed", "alsayed"), PooledName("Haddad"), PooledName("Khalil"),
            PooledName("الهاشمي", "alhashimi"),
        ]),
        NameCulture(weight: 3, locales: ["ru", "uk"], firstNames: [
            PooledName("Дмитрий", "dmitry"), PooledName("Анна", "anna"), PooledName("Сергей", "sergey"),
            PooledName("Olga"), PooledName("Oleksandr"),
        ], lastNames: [
            PooledName("Иванов", "ivanov"), PooledName("Смирнова", "smirnova"), PooledName("Petrenko"),
            PooledName("Kuznetsova"),
        ]),
        NameCulture(weight: 2, locales: ["el"], firstNames: [
            PooledName("Γιώργος", "giorgos"), PooledName("Eleni"), PooledName("Nikos"),
        ], lastNames: [
            PooledName("Παπαδόπουλος", "papadopoulos"), PooledName("Georgiou"),
        ]),
        NameCulture(weight: 3, locales: ["en", "en-ZA", "fr"], firstNames: names(
            "Chinedu", "Amara", "Kwame", "Thandiwe", "Oluwaseun", "Nia", "Kofi"
        ), lastNames: names("Okafor", "Mensah", "Adeyemi", "Dlamini", "Nkosi", "Diallo")),
        NameCulture(weight: 2, locales: ["he", "en"], firstNames: [
            PooledName("נועה", "noa"), PooledName("Yael"), PooledName("Avi"),
        ], lastNames: [
            PooledName("כהן", "cohen"), PooledName("Levi"), PooledName("Mizrahi"),
        ]),
    ]

    /// People known by one name only; they have no last name, hence no display name.
    static let mononyms: [PooledName] = names("Sukarno", "Suharti", "Teller", "Prince")

    static let domains = ["acme.com", "acme.com", "acme.com", "acme.co.uk", "corp.example.com", "globex.io"]

    static let totalWeight = cultures.reduce(0) { $0 + $1.weight }

    static func culture(_ rng: inout SplitMix64) -> NameCulture {
        var roll = rng.below(totalWeight)
        for culture in cultures {
            if roll < culture.weight { return culture }
            roll -= culture.weight
        }
        return cultures[0]
    }

    private static func names(_ plain: String...) -> [PooledName] {
        plain.map { PooledName($0) }
    }
}
