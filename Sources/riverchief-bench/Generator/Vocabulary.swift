// The phrases synthetic speeches are built from: the register of a municipal leader's address on
// Yellow River governance, so titles, widths, search hits and pinyin behave as with real speeches.
// Punctuation is mixed half-width (, : ( )) and full-width (、。“”《》；) as in the seed speech.

enum Vocabulary {
    /// Work objects with a short English slug for stable task ids.
    static let objects: [(text: String, slug: String)] = [
        ("黄河干流堤防建设", "levee"), ("河道采砂管理", "sand-mining"), ("水土保持", "soil-conservation"),
        ("入河排污口整治", "outfall"), ("湿地保护修复", "wetland"), ("水资源节约集约利用", "water-saving"),
        ("河湖“四乱”清理整治", "four-disorders"), ("滩区综合治理", "floodplain"), ("防汛抢险能力建设", "flood-rescue"),
        ("饮用水水源地保护", "drinking-source"), ("农业面源污染防治", "nonpoint-pollution"),
        ("城镇污水处理设施建设", "sewage-plant"), ("黑臭水体治理", "black-odorous"), ("地下水超采治理", "groundwater"),
        ("生态廊道建设", "eco-corridor"), ("水系连通工程", "water-connect"), ("河长制责任体系", "chief-duty"),
        ("跨部门协调机制", "coordination"), ("联合执法", "joint-enforcement"), ("智慧河湖平台建设", "smart-river"),
        ("黄河文化保护传承", "river-culture"), ("工业废水达标排放", "industrial-wastewater"),
        ("畜禽养殖污染治理", "livestock"), ("矿山生态修复", "mine-restoration"), ("国土绿化行动", "greening"),
        ("节水型社会建设", "water-saving-society"), ("河道岸线管控", "shoreline"), ("水生态监测体系", "eco-monitoring"),
        ("生态补偿机制", "eco-compensation"), ("宣传引导", "publicity"), ("督导考核", "assessment"),
        ("问题整改销号", "rectification"), ("巡河检查", "patrol"), ("水污染防治", "water-pollution"),
        ("生态保护红线管控", "redline"), ("黄河文化旅游带建设", "culture-tourism"), ("沿黄生态廊道", "yellow-corridor"),
        ("山水林田湖草沙系统治理", "integrated-governance"), ("引黄灌区节水改造", "irrigation"),
        ("淤地坝除险加固", "check-dam"), ("病险水库除险加固", "reservoir-safety"), ("河湖管理范围划界", "demarcation"),
        ("生活垃圾分类处理", "garbage"), ("农村人居环境整治", "rural-environment"), ("重点河段生态修复", "reach-restoration"),
    ]

    static let verbs = [
        "加强", "推进", "落实", "完善", "健全", "强化", "深化", "开展", "实施", "严格", "加快", "抓好",
        "做好", "持续推进", "全面推进", "扎实开展", "统筹推进", "规范", "狠抓", "加大",
    ]

    /// Concrete measures, the middle clauses of a task sentence.
    static let measures = [
        "定期召开联席会议", "建立健全工作台账", "落实“一河一策”方案", "开展拉网式排查", "实行清单化管理",
        "明确责任人和完成时限", "加大资金投入力度", "强化科技支撑", "完善考核奖惩办法", "严格执法监管",
        "畅通群众监督渠道", "做到发现一处、整治一处", "形成上下联动、齐抓共管的工作格局", "每月调度一次进展情况",
        "及时研究解决工作中遇到的问题", "坚决杜绝边整治边反弹", "对照《规划纲要》逐项细化任务", "建立问题、任务、责任三个清单",
        "实行挂图作战、对账销号", "做到底数清、情况明", "把责任落实到每一个河段", "推动河长由“挂名”向“履职”转变",
    ]

    /// Target phrases a task sentence can close with (slug for stable target ids).
    static let targets: [(text: String, slug: String)] = [
        ("确保生态流量", "eco-flow"), ("确保水质稳定达标", "water-quality"), ("确保河道行洪畅通", "flood-passage"),
        ("确保堤防安全度汛", "levee-safety"), ("确保水土流失面积持续减少", "erosion-down"),
        ("确保国考断面水质达标", "national-sections"), ("确保群众饮水安全", "drinking-safety"),
        ("确保黄河长久安澜", "lasting-peace"), ("确保地下水位止降回升", "groundwater-level"),
        ("确保城市污水集中收集率稳步提高", "sewage-collection"), ("确保森林覆盖率逐年提升", "forest-cover"),
        ("确保各项工作有序推进", "orderly-progress"),
    ]

    static let pointTitles = [
        "加强顶层设计", "强化协同联动", "压实工作责任", "突出问题导向", "坚持综合治理", "严格监督考核",
        "强化要素保障", "注重宣传引导", "狠抓整改落实", "创新体制机制", "夯实基础工作", "提升治理能力",
        "聚焦重点领域", "守牢安全底线", "深化河湖长制", "推动绿色发展",
    ]

    static let sectionLeads = [
        "牢记嘱托", "对标对表", "坚持系统观念", "统筹谋划", "突出重点", "精准施策", "压实责任", "强化担当",
        "守正创新", "综合施策", "源头治理", "标本兼治", "久久为功", "真抓实干",
    ]

    static let sectionGoals = [
        "切实强化协力推进黄河流域生态保护的使命担当", "全面提升黄河流域生态保护的整体效能",
        "扎实推动黄河流域生态环境持续改善", "着力构建上下游协同治理新格局", "全力保障黄河长久安澜",
        "加快推进水资源节约集约利用", "不断开创河湖长制工作新局面", "奋力谱写黄河流域高质量发展新篇章",
    ]

    static let sectionIntros = [
        "推进黄河流域生态保护和高质量发展,是事关中华民族伟大复兴的千秋大计。",
        "生态环境保护不仅是经济问题,更是政治问题、民生问题。",
        "当前,我市黄河流域生态保护工作正处在爬坡过坎的关键阶段,必须保持战略定力。",
        "各级各部门要把思想和行动统一到中央、省委的部署要求上来,以钉钉子精神抓好落实。",
        "做好这项工作,既要打好攻坚战,也要打好持久战。",
    ]

    static let preambleSentences = [
        "201x年,习近平总书记在郑州主持召开黄河流域生态保护和高质量发展座谈会,发出“让黄河成为造福人民的幸福河”的伟大号召。",
        "前不久,省委省政府召开会议,对我省黄河流域生态保护工作作出全面部署。",
        "我们这次会议,就是要认真落实中央、省部署要求,对一年来的工作进行总结梳理,对下步工作进行再部署再推动。",
        "上午,我们进行了实地观摩,也是一次集体巡河;刚才,xx、xx同志分别对有关工作进行了通报和安排。",
        "总的来看,大家对做好黄河流域生态保护工作的认识比较到位、行动比较自觉,但与群众期待相比还有很多短板和不足。",
    ]

    static let conclusionSentences = [
        "总之,黄河流域生态保护责任重大、使命光荣。",
        "希望大家以更加坚定的决心、更加务实的作风、更加有力的举措,推动各项工作落地见效。",
        "让我们更加紧密地团结在以习近平同志为核心的党中央周围,为建设造福人民的幸福河作出新的更大贡献!",
    ]

    static let meetingKinds = [
        "全市黄河流域生态保护工作推进会", "全市河长制湖长制工作会议", "全市水利工作会议", "全市防汛抗旱工作会议",
        "全市生态环境保护大会", "全市水污染防治攻坚推进会", "全市黄河流域高质量发展座谈会",
    ]

    static let speakerRoles = ["市委书记", "市长", "副市长", "市委副书记", "总河长"]

    static let chineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    static let footers = [
        "(本文来源于网络,由互联网用户分享整理)", "(根据录音整理,未经本人审阅)", "来源:某市人民政府网站",
    ]
}
