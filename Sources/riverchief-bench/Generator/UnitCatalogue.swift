import RiverChiefCore

/// A city's unit catalogue of any size: the municipal units an office really assigns work to,
/// then counties (县/区/市) each with its own party-government and departments, until `count` units.
struct UnitCatalogue {
    /// Municipal units (and the catch-alls county.all, media.news, public.society): every model may use them.
    let city: [Unit]
    /// County blocks, in order; every unit of a block shares the county's id prefix.
    let counties: [[Unit]]
    /// Every unit, city first, in a fixed order.
    var all: [Unit] { city + counties.flatMap { $0 } }

    /// The territorial catch-all (各县(市、区)党委和政府), always present.
    static let allCountiesID = "county.all"

    /// The real library's 22 units (Data/yr2020-citysec), defined identically so a generated
    /// library can sit beside it, then more municipal units an office assigns work to.
    private static let cityUnits: [(String, String, UnitKind, String?)] = [
        ("city.party-office", "市委办公室", .department, "市委办"),
        ("city.gov-office", "市政府办公室", .department, "市政府办"),
        ("city.supervision", "市委督查室", .department, "督查室"),
        ("city.organization", "市委组织部", .department, "组织部"),
        ("city.propaganda", "市委宣传部", .department, "宣传部"),
        ("city.yr-leading-group", "市黄河流域生态保护工作领导小组", .leadingGroup, "领导小组"),
        ("city.yr-leading-group-office", "市黄河流域生态保护工作领导小组办公室", .office, "领导小组办"),
        ("city.river-chief-office", "市河长办", .office, "河长办"),
        ("city.dev-reform", "市发展改革委", .department, "发改委"),
        ("city.finance", "市财政局", .department, "财政局"),
        ("city.natural-resources", "市自然资源和规划局", .department, "自然资源局"),
        ("city.eco-env", "市生态环境局", .department, "生态环境局"),
        ("city.water", "市水利局", .department, "水利局"),
        ("city.agriculture", "市农业农村局", .department, "农业农村局"),
        ("city.forestry", "市林业局", .department, "林业局"),
        ("city.industry", "市工业和信息化局", .department, "工信局"),
        ("city.housing", "市住房和城乡建设局", .department, "住建局"),
        ("city.emergency", "市应急管理局", .department, "应急局"),
        ("city.public-security", "市公安局", .department, "公安局"),
        ("county.all", "各县(市、区)党委和政府", .partyGovernment, "各县(市、区)"),
        ("media.news", "新闻媒体", .media, nil),
        ("public.society", "企业、社会组织和个人", .publicSector, nil),
        ("city.river-chief-group", "市河长制工作领导小组", .leadingGroup, "河长制领导小组"),
        ("city.transport", "市交通运输局", .department, "交通局"),
        ("city.culture-tourism", "市文化广电和旅游局", .department, "文广旅局"),
        ("city.justice", "市司法局", .department, "司法局"),
        ("city.urban-management", "市城市管理局", .department, "城管局"),
        ("city.market", "市市场监督管理局", .department, "市场监管局"),
        ("city.health", "市卫生健康委", .department, "卫健委"),
        ("city.education", "市教育局", .department, "教育局"),
        ("city.science", "市科技局", .department, "科技局"),
        ("city.hydrology", "市水文水资源勘测局", .department, "水文局"),
    ]

    /// County departments: slug, name suffix.
    private static let countyDepartments: [(String, String)] = [
        ("water", "水利局"), ("ecology", "生态环境分局"), ("natural-resources", "自然资源局"), ("agriculture", "农业农村局"),
        ("forestry", "林业局"), ("finance", "财政局"), ("development", "发展改革委"), ("housing", "住房和城乡建设局"),
        ("emergency", "应急管理局"), ("river-chief-office", "河长办"), ("public-security", "公安局"),
        ("culture-tourism", "文化广电和旅游局"), ("industry", "工业和信息化局"), ("transport", "交通运输局"),
        ("urban-management", "城市管理局"), ("propaganda", "委宣传部"), ("supervision", "委督查室"),
    ]

    private static let nameFirst = Array("东西南北中新安平阳宁丰清长永兴昌泰和康福汾洛沁济渑孟温武博")
    private static let nameSecond = Array("阳城原山川水林泉丘陵源河津州乡台宁平安丰泽峰")
    private static let suffixes = ["县", "区", "市"]

    /// The fewest units a catalogue can have: the municipal ones.
    static var minimumCount: Int { cityUnits.count }

    init(count: Int) {
        var city: [Unit] = []
        for (id, name, kind, short) in Self.cityUnits.prefix(max(count, 0)) {
            city.append(Unit(id: id, name: name, kind: kind, shortName: short))
        }
        var counties: [[Unit]] = []
        var remaining = count - city.count
        var n = 0
        let first = Self.nameFirst, second = Self.nameSecond
        while remaining > 0 {
            // Distinct two-character names, walking the grid diagonally so neighbours differ.
            let a = first[n % first.count]
            let b = second[(n / first.count + n) % second.count]
            let suffix = Self.suffixes[(n / (first.count * second.count)) % Self.suffixes.count]
            let cycle = n / (first.count * second.count * Self.suffixes.count)
            let name = String(a) + String(b) + (cycle > 0 ? String(cycle + 1) : "") + suffix
            let cid = "county.c\(n + 1)"
            var block = [Unit(id: cid, name: name, kind: .county, shortName: String(a) + String(b))]
            remaining -= 1
            for (slug, suffixName) in Self.countyDepartments where remaining > 0 {
                // 东阳县水利局, 东阳县委宣传部: the county's name, then the department's.
                block.append(Unit(id: "\(cid).\(slug)", name: name + suffixName, kind: .department, shortName: suffixName))
                remaining -= 1
            }
            counties.append(block)
            n += 1
        }
        self.city = city
        self.counties = counties
    }

    /// The units model `index` of `models` may assign work to: every municipal unit and a window of
    /// counties. The windows together cover every county, so every unit appears in the library.
    func units(forModel index: Int, of models: Int) -> [Unit] {
        guard !counties.isEmpty, models > 0 else { return city }
        let c = counties.count
        let start = index * c / models
        let width = max(3, (c + models - 1) / models)
        var out = city
        for k in 0..<min(width, c) { out.append(contentsOf: counties[(start + k) % c]) }
        return out
    }
}
