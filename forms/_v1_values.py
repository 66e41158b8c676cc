"""The values of every choice as release 0.1.0 stored and signed them (its Chinese labels),
mapped to today's codes: "version 1" of each form.

Frozen on purpose: written out here, never derived from the live labels, so that rewording a
label later cannot break data stored, exported or signed by that release. Used by the forms'
``ValueMap`` (on load, JSON import and package import) and by migration 0004. Never edit an
entry; a later rename or retirement is declared in the form's own ``ValueMap``.
"""

from __future__ import annotations

from collections.abc import Mapping

Labels = Mapping[str, str]

APPLICANT: Mapping[str, Labels] = {
    "org_type": {
        "企业": "enterprise",
        "孵化载体运营机构": "incubator_operator",
        "高新区管委会": "zone_committee",
        "高校或科研院所": "university",
        "其他": "other",
    },
    "city": {
        "南宁市": "nanning",
        "柳州市": "liuzhou",
        "桂林市": "guilin",
        "梧州市": "wuzhou",
        "北海市": "beihai",
        "防城港市": "fangchenggang",
        "钦州市": "qinzhou",
        "贵港市": "guigang",
        "玉林市": "yulin",
        "百色市": "baise",
        "贺州市": "hezhou",
        "河池市": "hechi",
        "来宾市": "laibin",
        "崇左市": "chongzuo",
    },
}

INCUBATOR: Mapping[str, Labels] = {
    "request_type": {
        "国家级孵化器创建成功后补助": "national",
        "自治区级孵化器创建成功后补助": "regional",
        "绩效评价优秀后补助": "excellent",
    },
    "incubator_type": {
        "综合型": "general",
        "专业型": "specialised",
    },
    "certified_level": {
        "尚未认定": "none",
        "自治区级": "regional",
        "国家级": "national",
    },
    "evaluation_grade": {
        "优秀": "excellent",
        "良好": "good",
        "合格": "pass",
        "不合格": "fail",
    },
}

NEW_TRACK: Mapping[str, Labels] = {
    "track_category": {
        "传统产业转型新赛道": "traditional",
        "新兴产业发展新赛道": "emerging",
        "未来产业培育新赛道": "future",
    },
    "track_field": {
        "钢铁": "steel",
        "有色金属": "nonferrous_metals",
        "石化化工": "petrochemicals",
        "建材": "building_materials",
        "机械": "machinery",
        "新一代信息技术": "next_gen_it",
        "新能源": "new_energy",
        "新材料": "new_materials",
        "高端装备": "high_end_equipment",
        "生物医药": "biomedicine",
        "低空经济": "low_altitude_economy",
        "人形机器人": "humanoid_robots",
        "元宇宙": "metaverse",
        "下一代互联网": "next_gen_internet",
        "新型储能": "new_energy_storage",
    },
    "transformation_directions": {
        "高端化": "high_end",
        "智能化": "intelligent",
        "绿色化": "green",
    },
    "participants.role": {
        "牵头单位": "lead",
        "参与单位": "partner",
    },
}

ENCLAVE: Mapping[str, Labels] = {
    "enclave_type": {
        "科创飞地": "tech",
        "飞地园区": "park",
        "飞地经济办公场所": "office",
    },
    "province": {
        "北京市": "beijing",
        "天津市": "tianjin",
        "河北省": "hebei",
        "山西省": "shanxi",
        "内蒙古自治区": "inner_mongolia",
        "辽宁省": "liaoning",
        "吉林省": "jilin",
        "黑龙江省": "heilongjiang",
        "上海市": "shanghai",
        "江苏省": "jiangsu",
        "浙江省": "zhejiang",
        "安徽省": "anhui",
        "福建省": "fujian",
        "江西省": "jiangxi",
        "山东省": "shandong",
        "河南省": "henan",
        "湖北省": "hubei",
        "湖南省": "hunan",
        "广东省": "guangdong",
        "广西壮族自治区": "guangxi",
        "海南省": "hainan",
        "重庆市": "chongqing",
        "四川省": "sichuan",
        "贵州省": "guizhou",
        "云南省": "yunnan",
        "西藏自治区": "tibet",
        "陕西省": "shaanxi",
        "甘肃省": "gansu",
        "青海省": "qinghai",
        "宁夏回族自治区": "ningxia",
        "新疆维吾尔自治区": "xinjiang",
    },
    "partner_region": {
        "粤港澳大湾区": "gba",
        "长三角": "yangtze_delta",
        "其他发达地区": "other",
    },
    "shared_taxes": {
        "增值税地方留存部分": "vat",
        "企业所得税地方留存部分": "cit",
        "其他税收地方留存部分": "other",
    },
    "share_basis": {
        "投资比例": "investment",
        "产值贡献": "output",
        "税收贡献": "tax",
        "其他": "other",
    },
    "office_location": {
        "中关村": "zhongguancun",
        "上海张江": "zhangjiang",
        "广东深圳": "shenzhen",
        "江苏南京": "nanjing",
        "其他": "other",
    },
    "office_services": {
        "临时办公室": "office",
        "会议室": "meeting",
        "会展室": "exhibition",
        "其他后勤服务": "other",
    },
}

RD_SUBSIDY: Mapping[str, Labels] = {
    "category": {
        "国家科技重大专项/重点研发计划配套资助": "matching",
        "国家级创新平台建设支持": "platform",
        "新设博士后科研工作站资助": "postdoc",
        "产业创新重大中试平台建设": "pilot",
        "重大科技成果接续转化": "continued_transfer",
        "区外科技成果落地转化": "outside_transfer",
        "企业研发投入后补助": "post_subsidy",
    },
    "national_program": {
        "国家科技重大专项": "major_project",
        "国家重点研发计划": "key_rd",
    },
    "platform_type": {
        "全国重点实验室": "key_lab",
        "国家技术创新中心": "tech_innovation",
        "国家制造业创新中心": "manufacturing",
        "国家产业创新中心": "industry_innovation",
        "国家工程研究中心": "engineering",
        "国家企业技术中心": "enterprise_centre",
        "国家临床医学研究中心": "clinical",
        "其他国家级创新平台": "other",
    },
    "role": {
        "牵头单位": "lead",
        "参与单位": "participant",
    },
    "fund_uses": {
        "项目研究开发": "research",
        "成果转移转化": "transfer",
        "产品化": "product",
        "产业化": "industry",
    },
    "partners.partner_type": {
        "高校": "university",
        "科研院所": "institute",
    },
    "achievement_source": {
        "区内": "inside",
        "区外": "outside",
    },
}

STATUS: Labels = {
    "草稿": "draft",
    "待提交": "ready",
    "已提交": "submitted",
    "退回补正": "returned",
    "已推荐": "recommended",
    "不予推荐": "rejected",
}

OUTCOME: Labels = {
    "通过并推荐": "approve",
    "退回补正": "return",
    "不予推荐": "reject",
}

ROLE: Labels = {
    "企业端": "firm",
    "园区端": "office",
}

FORMS: Mapping[str, Mapping[str, Labels]] = {
    "applicant": APPLICANT,
    "incubator": INCUBATOR,
    "new_track": NEW_TRACK,
    "enclave": ENCLAVE,
    "rd_subsidy": RD_SUBSIDY,
}
