"""Invented plans, people and services, by denial category. No real person or plan is described."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Plan:
    key: str
    name: str  # the payer's name as the letter prints it
    plan_type: str  # the contract's plan_type, or "unknown" for a letter that does not show it
    letterhead: tuple[str, ...]  # address lines under the name
    phone: str  # member services
    unit: tuple[str, ...]  # the appeals unit's name lines
    address: tuple[str, ...]  # the appeals mailing address lines
    fax: str
    appeal_phone: str
    portal: str | None = None
    domain: str = "example.com"


PLANS: dict[str, Plan] = {
    p.key: p
    for p in [
        Plan(
            "granite",
            "Granite Ridge Health Plan",
            "commercial",
            ("22 Market Street", "Manchester, NH 03101"),
            "1-800-555-0144",
            ("Granite Ridge Health Plan", "Appeals Department"),
            ("PO Box 4410", "Manchester, NH 03108-4410"),
            "603-555-0141",
            "1-800-555-0148",
            "www.graniteridgehp.com/appeals",
        ),
        Plan(
            "lakeshore",
            "Lakeshore Mutual Health Insurance Company",
            "commercial",
            ("900 Harbor Drive, Suite 300", "Duluth, MN 55802"),
            "1-888-555-0172",
            ("Grievance and Appeals Unit",),
            ("900 Harbor Drive, Suite 310", "Duluth, MN 55802"),
            "(218) 555-0190",
            "1-888-555-0173",
        ),
        Plan(
            "northfield",
            "Northfield Manufacturing Employee Health Plan",
            "erisa",
            ("c/o Harborline Benefit Administrators", "1450 Commerce Parkway", "Dayton, OH 45402"),
            "1-877-555-0119",
            ("Harborline Benefit Administrators", "Appeals Unit"),
            ("PO Box 7781", "Dayton, OH 45401"),
            "937-555-0166",
            "1-877-555-0119",
            "www.harborlinebenefits.com/members",
        ),
        Plan(
            "tristate",
            "Tri-County Teachers Benefit Trust",
            "erisa",
            ("61 Schoolhouse Lane", "Scranton, PA 18503"),
            "1-866-555-0127",
            ("Benefit Trust Appeals Committee",),
            ("61 Schoolhouse Lane", "Scranton, PA 18503"),
            "570-555-0139",
            "1-866-555-0127",
        ),
        Plan(
            "sunvale",
            "Sunvale Health Medicare Advantage (HMO)",
            "medicare_advantage",
            ("3100 Desert Bloom Road", "Tucson, AZ 85711"),
            "1-800-555-0101",
            ("Sunvale Health", "Medicare Appeals and Grievances"),
            ("PO Box 26150", "Tucson, AZ 85726"),
            "1-520-555-0102",
            "1-800-555-0101",
            "www.sunvalehealth.com/medicare/appeals",
        ),
        Plan(
            "bayview",
            "Bayview Senior Care Plan (PPO)",
            "medicare_advantage",
            ("75 Pier Avenue", "Mobile, AL 36602"),
            "1-877-555-0150",
            ("Bayview Senior Care Plan", "Reconsideration Unit"),
            ("75 Pier Avenue, Floor 4", "Mobile, AL 36602"),
            "251-555-0158",
            "1-877-555-0150",
        ),
        Plan(
            "crestpoint",
            "Crestpoint Rx Medicare Prescription Drug Plan",
            "medicare_part_d",
            ("PO Box 61200", "Omaha, NE 68106"),
            "1-855-555-0131",
            ("Crestpoint Rx", "Part D Redeterminations"),
            ("PO Box 61210", "Omaha, NE 68106"),
            "1-855-555-0135",
            "1-855-555-0131",
            "www.crestpointrx.com/redetermination",
        ),
        Plan(
            "riverbend",
            "Riverbend Community Care",
            "medicaid",
            ("410 Levee Street", "Baton Rouge, LA 70802"),
            "1-844-555-0160",
            ("Riverbend Community Care", "Grievance and Appeals Department"),
            ("PO Box 83300", "Baton Rouge, LA 70884"),
            "225-555-0169",
            "1-844-555-0160",
        ),
        Plan(
            "empire",
            "Hudson Valley Family Health",
            "medicaid",
            ("18 Orchard Road", "Kingston, NY 12401"),
            "1-866-555-0183",
            ("Hudson Valley Family Health", "Member Appeals Unit"),
            ("18 Orchard Road", "Kingston, NY 12401"),
            "845-555-0187",
            "1-866-555-0183",
            "www.hvfamilyhealth.com/appeals",
        ),
        Plan(
            "midwest",
            "Prairie Benefit Services",
            "unknown",
            ("2200 Wheatfield Avenue", "Topeka, KS 66604"),
            "1-800-555-0177",
            ("Prairie Benefit Services", "Appeals"),
            ("PO Box 1902", "Topeka, KS 66601"),
            "785-555-0171",
            "1-800-555-0177",
        ),
    ]
}


@dataclass(frozen=True)
class Person:
    name: str
    title: str  # for "Dear Ms. Whitfield:"
    dob: str  # ISO
    address: tuple[str, ...]


PEOPLE = [
    Person("Dana Whitfield", "Ms.", "1961-03-14", ("48 Birch Hollow Road", "Concord, NH 03301")),
    Person("Kevin O'Brien", "Mr.", "1975-09-02", ("117 Alder Court", "Nashua, NH 03060")),
    Person("Marisol Quintero", "Ms.", "1958-11-23", ("9 Canyon View Drive", "Tucson, AZ 85704")),
    Person("Theodore Lindqvist", "Mr.", "1949-06-30", ("2630 Larkspur Lane", "Mesa, AZ 85201")),
    Person("Priya Raman-Holt", "Dr.", "1983-01-17", ("55 Quarry Street, Apt 2B", "Dayton, OH 45409")),
    Person("Jerome Castellano", "Mr.", "1967-04-08", ("301 Ferry Road", "Mobile, AL 36604")),
    Person("Lucille Baptiste", "Mrs.", "1944-12-12", ("88 Magnolia Row", "Baton Rouge, LA 70806")),
    Person("Anders Kowalczyk", "Mr.", "1990-07-21", ("14 Tannery Way", "Kingston, NY 12401")),
    Person("Renata Okafor", "Ms.", "1986-05-05", ("7 Juniper Terrace", "Duluth, MN 55803")),
    Person("Silas Pemberton", "Mr.", "1952-02-28", ("410 Orchard Lane", "Omaha, NE 68104")),
    Person("Imogen Vasquez-Reyes", "Ms.", "1979-10-10", ("62 Cobble Hill Road", "Scranton, PA 18505")),
    Person("Wendell Achterberg", "Mr.", "1956-08-19", ("1200 Prairie Wind Drive", "Topeka, KS 66614")),
    Person("Naomi Fairweather", "Ms.", "2009-03-03", ("19 Lantern Street", "Baton Rouge, LA 70808")),
    Person("Hector Villanueva", "Mr.", "1971-12-01", ("5 Sandpiper Court", "Mobile, AL 36608")),
    Person("Greta Solberg", "Ms.", "1947-04-25", ("733 Saguaro Street", "Tucson, AZ 85710")),
    Person("Malcolm Iwu", "Mr.", "1964-09-16", ("29 Mill Pond Road", "Manchester, NH 03104")),
]

PROVIDERS = [
    ("Northeast Imaging Associates", "1609874321"),
    ("Dr. Helena Marchetti", "1336258470"),
    ("Saguaro Orthopedic Group", "1487623095"),
    ("Lakeside Neurology Clinic", "1902846731"),
    ("Dr. Samuel Oyelaran", "1265039847"),
    ("Gulf Coast Sleep Center", "1740398215"),
    ("Riverbend Pediatric Therapy", "1598320476"),
    ("Dr. Yusuf Haddad", "1013947265"),
    ("Hudson Valley Rheumatology", "1821074639"),
    ("Prairie Home Medical Supply", "1376250948"),
]


@dataclass(frozen=True)
class Service:
    description: str
    codes: tuple[str, ...]
    dx: tuple[str, ...]
    drug: bool = False


@dataclass(frozen=True)
class Reason:
    category: str
    service: Service
    text: str  # the plan's own words
    criteria: str | None = None  # the policy or criteria cited, as printed
    boxes: tuple[str, ...] = field(default=())  # unchecked alternatives for a check-box layout


MRI = Service("MRI lumbar spine without contrast", ("72148",), ("M54.50", "M48.062"))
KNEE = Service("Total knee arthroplasty, right knee", ("27447",), ("M17.11",))
SLEEP = Service("Attended polysomnography (sleep study)", ("95810",), ("G47.33",))
PT = Service("Outpatient physical therapy, 12 visits", ("97110", "97140"), ("M25.561", "R26.81"))
CGM = Service("Continuous glucose monitor and sensors", ("E2103", "A4239"), ("E11.65",))
HUMIRA = Service("Adalimumab 40 mg/0.4 mL pen", ("J0135",), ("L40.50",), drug=True)
DUPI = Service("Dupilumab 300 mg/2 mL prefilled syringe", (), ("J45.50",), drug=True)
GLP1 = Service("Semaglutide 2.4 mg/0.75 mL pen", (), ("E66.01",), drug=True)
BOTOX = Service("OnabotulinumtoxinA injection for chronic migraine", ("J0585", "64615"), ("G43.909",))
HEARING = Service("Bilateral digital hearing aids", ("V5261",), ("H90.3",))
TMS = Service("Transcranial magnetic stimulation, 30 sessions", ("90867", "90868"), ("F33.1",))
PROTON = Service("Proton beam radiation therapy", ("77525",), ("C61",))
GENE = Service("Whole genome sequencing", ("81425",), ("F90.0",))
SPEECH = Service("Speech therapy evaluation and treatment", ("92523", "92507"), ("F80.2",))
CT = Service("CT scan of the abdomen and pelvis with contrast", ("74177",), ("K50.90",))
INFUSION = Service("Infliximab infusion, every 8 weeks", ("J1745", "96413"), ("K50.90",))
WHEEL = Service("Power wheelchair, group 2", ("K0823",), ("G35",))
ECHO = Service("Transthoracic echocardiogram", ("93306",), ("I48.91",))
SNF = Service("Skilled nursing facility stay", ("99306",), ("R26.81", "M81.0"))
BARI = Service("Laparoscopic sleeve gastrectomy", ("43775",), ("E66.01",))

REASONS: dict[str, list[Reason]] = {
    "medical_necessity": [
        Reason(
            "medical_necessity",
            MRI,
            "Not medically necessary. An MRI of the lumbar spine is not medically necessary before six weeks "
            "of conservative treatment such as physical therapy, unless there are red-flag signs. The notes "
            "we received do not show six weeks of conservative treatment or any red-flag signs.",
            "Clinical Policy RAD-204",
        ),
        Reason(
            "medical_necessity",
            KNEE,
            "The request does not meet the criteria for knee replacement surgery. The records do not show "
            "that at least 12 weeks of non-surgical treatment failed, and the X-rays do not show severe "
            "joint space narrowing.",
            "InterQual 2026 Procedures: Arthroplasty, Knee",
        ),
        Reason(
            "medical_necessity",
            SNF,
            "Your care can be safely provided at a lower level of care. You can walk 150 feet with a walker "
            "and do not need daily skilled nursing or therapy services, so home health services are "
            "appropriate.",
            "MCG Care Guidelines SNF-0400",
        ),
        Reason(
            "medical_necessity",
            ECHO,
            "A repeat echocardiogram is not medically necessary. You had an echocardiogram 4 months ago and "
            "the records show no change in symptoms since then.",
            "Medical Policy CARD-118",
        ),
        Reason(
            "medical_necessity",
            CGM,
            "The criteria for a continuous glucose monitor are not met. The records do not show that you use "
            "insulin or have had problematic low blood sugar.",
            "Medical Policy DME-031",
        ),
        Reason(
            "medical_necessity",
            BARI,
            "The request does not meet our criteria for weight loss surgery. The records do not show "
            "participation in a supervised weight management program for six consecutive months.",
            "Clinical Policy SURG-077",
        ),
    ],
    "missing_information": [
        Reason(
            "missing_information",
            SLEEP,
            "We did not receive the clinical information we asked for on the date below. Without office "
            "notes "
            "describing your symptoms and a completed sleep questionnaire, we could not make a decision.",
        ),
        Reason(
            "missing_information",
            PT,
            "The information we received was incomplete. We need the therapy plan of care with measurable "
            "goals and the progress notes from the first 12 visits to review this request.",
        ),
        Reason(
            "missing_information",
            WHEEL,
            "We asked your provider for a face-to-face mobility evaluation and a home assessment. These "
            "records were not received, so we cannot approve the power wheelchair.",
        ),
        Reason(
            "missing_information",
            CT,
            "We have not received the office notes and laboratory results needed to review this request. "
            "Please have your doctor send them with your appeal.",
        ),
    ],
    "step_therapy": [
        Reason(
            "step_therapy",
            HUMIRA,
            "Our step therapy rules require you to try and fail methotrexate for at least 3 months before we "
            "cover adalimumab. Your records do not show a trial of methotrexate.",
            "Pharmacy Policy RX-1102",
        ),
        Reason(
            "step_therapy",
            DUPI,
            "You must first try a preferred formulary alternative. The plan requires a trial of a high-dose "
            "inhaled corticosteroid with a long-acting beta agonist before dupilumab is covered.",
        ),
        Reason(
            "step_therapy",
            GLP1,
            "Step therapy applies to this drug. You need to have tried phentermine or another first-line "
            "weight management drug for at least 12 weeks before semaglutide can be approved.",
            "Drug Policy WM-031",
        ),
        Reason(
            "step_therapy",
            INFUSION,
            "Infliximab is a second-line treatment under our step therapy program. You must first try "
            "a preferred agent such as adalimumab-aaty before infliximab is covered.",
        ),
    ],
    "not_covered": [
        Reason(
            "not_covered",
            HEARING,
            "Hearing aids are not a covered benefit under your plan. Your Evidence of Coverage lists hearing "
            "aids as an exclusion.",
            "Evidence of Coverage, Section 4.2 Exclusions",
        ),
        Reason(
            "not_covered",
            GLP1,
            "Semaglutide for weight loss is not on our formulary. Drugs used for weight loss are excluded "
            "from coverage under your plan.",
        ),
        Reason(
            "not_covered",
            PT,
            "You have reached the benefit limit of 20 outpatient therapy visits per calendar year. The "
            "additional visits are not covered under your plan.",
            "Schedule of Benefits, Rehabilitation",
        ),
        Reason(
            "not_covered",
            BARI,
            "Bariatric surgery is excluded from coverage under your employer's plan. The plan document "
            "lists weight loss surgery as an exclusion.",
            "Summary Plan Description, Section 7 Exclusions",
        ),
    ],
    "out_of_network": [
        Reason(
            "out_of_network",
            TMS,
            "The provider you asked to see is out of network. There are in-network providers available "
            "within 30 miles of your home who offer this treatment.",
        ),
        Reason(
            "out_of_network",
            SLEEP,
            "Gulf Coast Sleep Center is a non-participating facility. Your plan covers services from "
            "participating providers only, except in an emergency.",
        ),
        Reason(
            "out_of_network",
            ECHO,
            "The service was requested from a provider who is not in our network, and we have no referral "
            "from your primary care provider on file.",
        ),
        Reason(
            "out_of_network",
            MRI,
            "Northeast Imaging Associates is not part of the plan's network. In-network imaging centers "
            "near you can provide this service.",
        ),
    ],
    "experimental": [
        Reason(
            "experimental",
            PROTON,
            "Proton beam therapy for prostate cancer is considered experimental and investigational. It has "
            "not been shown to be more effective than standard radiation therapy.",
            "Medical Policy ONC-215",
        ),
        Reason(
            "experimental",
            GENE,
            "Whole genome sequencing for attention deficit disorder is investigational. There is "
            "insufficient clinical evidence that the test changes treatment or outcomes.",
        ),
        Reason(
            "experimental",
            TMS,
            "Maintenance transcranial magnetic stimulation is unproven. The published evidence does not "
            "show a lasting benefit, so it is considered investigational.",
            "Clinical Policy BH-019",
        ),
        Reason(
            "experimental",
            BOTOX,
            "The requested use is experimental. The dose and injection pattern requested have not been "
            "approved by the FDA for this condition.",
        ),
    ],
    "coding_error": [
        Reason(
            "coding_error",
            PT,
            "The procedure codes billed are not consistent with the diagnosis. Therapy code 97140 was billed "
            "without a matching diagnosis of a musculoskeletal condition.",
        ),
        Reason(
            "coding_error",
            ECHO,
            "The claim was billed with an invalid diagnosis code. Please correct the code and resubmit the "
            "claim.",
        ),
        Reason(
            "coding_error",
            CT,
            "The procedure code does not match the service described in the medical record. The record "
            "describes a CT without contrast.",
        ),
        Reason(
            "coding_error",
            SPEECH,
            "The claim has a billing error: the modifier required for a same-day evaluation and treatment "
            "was "
            "missing.",
        ),
    ],
    "no_authorization": [
        Reason(
            "no_authorization",
            KNEE,
            "The surgery was performed without prior authorization. Your plan requires prior authorization "
            "for inpatient surgery, and none was requested before the service was provided.",
        ),
        Reason(
            "no_authorization",
            INFUSION,
            "Prior authorization was not obtained for this infusion. Infusion drugs given in an outpatient "
            "hospital setting must be approved in advance.",
        ),
        Reason(
            "no_authorization",
            SNF,
            "The admission was not pre-certified. The facility did not notify us within 24 hours of the "
            "admission.",
        ),
        Reason(
            "no_authorization",
            WHEEL,
            "The wheelchair was delivered without prior approval. Power mobility devices require prior "
            "authorization under your plan.",
        ),
    ],
    "other": [
        Reason(
            "other",
            CT,
            "Our records show that your coverage ended on December 31, 2025. You were not enrolled in the "
            "plan on the date of service.",
        ),
        Reason(
            "other",
            SPEECH,
            "This claim is a duplicate of a claim we already processed. The first claim was paid to the "
            "provider on the same date.",
        ),
        Reason(
            "other",
            ECHO,
            "The claim was filed after the timely filing limit of 90 days from the date of service.",
        ),
    ],
}

# Unchecked alternatives printed beside the checked reason on check-box letters.
BOX_ALTERNATIVES = {
    "missing_information": "We did not receive the information we needed to make a decision.",
    "not_covered": "The service is not a covered benefit under your plan.",
    "out_of_network": "The provider is not in our network.",
    "experimental": "The service is experimental or investigational.",
    "medical_necessity": "The service was not medically necessary.",
}
