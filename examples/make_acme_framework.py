"""Write examples/acme-framework.xlsx: the career framework of a fictional company.

Acme Engineering is made up for this example; its 13 delivery roles are aligned
to pmograph's packaged roles and, where ESCO has one, to an ESCO occupation
(the URIs the packaged alignments use).  Run from the repository root:

    python examples/make_acme_framework.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmograph.frameworks.writer import write

ESCO_PM = "esco:bea99fea-0383-4c63-b944-70d4799de2c5"  # project manager
ESCO_ICT_PM = "esco:8b6388a4-4904-471b-9331-d3b1211f5525"  # ICT project manager
ESCO_PGM = "esco:c94f3565-d987-431f-a46b-6f4e018e0bd7"  # programme manager
SRC = "acme-2026"


def role(
    ident: str,
    label: str,
    definition: str,
    family: str,
    seniority: str,
    level: str,
    aligned: str,
    alt: str = "",
    match: str = "close",
) -> dict[str, str]:
    """One row of the Roles sheet, citing the framework's source."""
    return {
        "id": ident, "label": label, "alt": alt, "definition": definition, "family": family,
        "seniority": seniority, "level": level, "aligned": aligned, "match": match, "source": SRC,
    }  # fmt: skip


ROLES = [
    role(
        "coordinator",
        "Delivery Coordinator",
        "Keeps a project's plan, logs and meetings in order for the delivery lead.",
        "project",
        "junior",
        "project",
        "Project Coordinator",
    ),
    role(
        "associate-dm",
        "Associate Delivery Lead",
        "Runs small projects or a workstream of a larger one, with a delivery lead's guidance.",
        "project",
        "junior",
        "project",
        "Associate Project Manager",
    ),
    role(
        "delivery-manager",
        "Delivery Lead",
        "Leads a project from start to handover: plan, team, budget, risks and stakeholders.",
        "project",
        "mid",
        "project",
        f"Project Manager; {ESCO_PM}",
        alt="Project Delivery Lead",
    ),
    role(
        "technical-dm",
        "Technical Delivery Lead",
        "Leads software and infrastructure projects where technical decisions shape the plan.",
        "project",
        "mid",
        "project",
        f"Technical Project Manager; {ESCO_ICT_PM}",
    ),
    role(
        "senior-dm",
        "Senior Delivery Lead",
        "Leads Acme's largest or riskiest projects and coaches other delivery leads.",
        "project",
        "senior",
        "project",
        "Senior Project Manager",
    ),
    role(
        "programme-lead",
        "Programme Lead",
        "Runs a group of related projects towards one business outcome.",
        "programme",
        "senior",
        "programme",
        f"Programme Manager; {ESCO_PGM}",
    ),
    role(
        "portfolio-analyst",
        "Portfolio Insights Analyst",
        "Gathers and analyses data across the portfolio so leaders can choose and balance work.",
        "portfolio",
        "mid",
        "portfolio",
        "Portfolio Analyst",
    ),
    role(
        "portfolio-lead",
        "Portfolio Lead",
        "Decides, with the executive team, which projects and programmes Acme runs and in what order.",
        "portfolio",
        "executive",
        "portfolio",
        "Portfolio Manager",
    ),
    role(
        "office-analyst",
        "Delivery Office Analyst",
        "Collects project status, keeps the delivery playbook and prepares portfolio reports.",
        "pmo",
        "junior",
        "portfolio",
        "PMO Analyst",
    ),
    role(
        "office-lead",
        "Delivery Office Lead",
        "Runs Acme's delivery office: standards, reporting and support for every project.",
        "pmo",
        "senior",
        "portfolio",
        "PMO Manager",
    ),
    role(
        "head-of-delivery",
        "Head of Delivery",
        "Accountable for how Acme delivers change, from project methods to the portfolio.",
        "pmo",
        "executive",
        "enterprise",
        "PMO Director",
    ),
    role(
        "agile-coach",
        "Agile Delivery Coach",
        "Helps teams plan and deliver in short iterations and removes what blocks them.",
        "agile",
        "mid",
        "project",
        "13-1082.00",
        match="related",
    ),
    role(
        "change-manager",
        "Business Change Lead",
        "Prepares the business to adopt what projects deliver: training, communication, new ways of working.",
        "neighbour",
        "mid",
        "programme",
        "Business Change Manager",
    ),
]

PROGRESSIONS = [
    ("coordinator", "associate-dm", "The usual first step at Acme."),
    ("associate-dm", "delivery-manager", ""),
    ("delivery-manager", "senior-dm", "After about three years leading projects."),
    ("technical-dm", "senior-dm", ""),
    ("senior-dm", "programme-lead", ""),
    ("programme-lead", "portfolio-lead", ""),
    (
        "programme-lead",
        "Portfolio Manager",
        "Some programme leads move to a portfolio role elsewhere.",
    ),
    ("portfolio-analyst", "portfolio-lead", ""),
    ("office-analyst", "office-lead", ""),
    ("office-lead", "head-of-delivery", ""),
    ("portfolio-lead", "head-of-delivery", ""),
    ("agile-coach", "delivery-manager", ""),
    ("change-manager", "programme-lead", ""),
]

REQUIREMENTS = [
    ("coordinator", "Organisation", "2", "essential"),
    ("associate-dm", "Project management", "3", "essential"),
    ("associate-dm", "Certified Associate in Project Management", "", "optional"),
    ("delivery-manager", "Project management", "4", "essential"),
    ("delivery-manager", "Communication", "4", "essential"),
    ("delivery-manager", "adf", "3", "essential"),
    ("delivery-manager", "Project Management Professional", "", "optional"),
    ("technical-dm", "Project management", "4", "essential"),
    ("technical-dm", "Problem solving", "4", "essential"),
    ("senior-dm", "Project management", "5", "essential"),
    ("senior-dm", "Negotiation", "5", "essential"),
    ("senior-dm", "Project Management Professional", "", "essential"),
    ("programme-lead", "Programme management", "5", "essential"),
    ("programme-lead", "cert:msp", "", "optional"),
    ("portfolio-analyst", "Analytical ability", "4", "essential"),
    ("portfolio-lead", "Portfolio management", "6", "essential"),
    ("office-analyst", "Portfolio, programme and project support", "3", "essential"),
    ("office-analyst", "adf-practitioner", "", "essential"),
    ("office-lead", "cert:p3o", "", "essential"),
    ("head-of-delivery", "Business acumen", "6", "essential"),
    ("agile-coach", "PMI Agile Certified Practitioner", "", "optional"),
    ("change-manager", "Emotional intelligence", "4", "essential"),
]

ROWS = {
    "Roles": ROLES,
    "Progressions": [{"from": a, "to": b, "note": n, "source": SRC} for a, b, n in PROGRESSIONS],
    "Requirements": [
        {"role": r, "target": t, "level": lv, "importance": i, "source": SRC}
        for r, t, lv, i in REQUIREMENTS
    ],
    "Activities": [
        {
            "id": "delivery-review",
            "label": "Running the monthly delivery review",
            "definition": "Bringing every project's status, risks and decisions needed to one monthly meeting.",
            "performed": "office-lead; head-of-delivery",
            "source": SRC,
        },
        {
            "id": "playbook",
            "label": "Maintaining the delivery playbook",
            "definition": "Keeping Acme's templates, checklists and guidance for projects current.",
            "performed": "office-analyst",
            "source": SRC,
        },
    ],  # fmt: skip
    "Skills": [
        {
            "id": "adf",
            "label": "Acme Delivery Framework",
            "alt": "ADF",
            "definition": "Running a project the Acme way: its stage gates, templates and reporting rhythm.",
            "aligned": "Management methodology",
            "source": SRC,
        },
    ],  # fmt: skip
    "Certifications": [
        {
            "id": "adf-practitioner",
            "label": "Acme Delivery Framework Practitioner",
            "definition": "Acme's internal certificate that a person can run a project with the Acme Delivery Framework.",
            "kind": "method",
            "issuer": "Acme Engineering",
            "experience": "6",
            "renewal": "2",
            "source": SRC,
        },
    ],  # fmt: skip
    "Sources": [
        {
            "id": SRC,
            "title": "Acme Engineering career framework for delivery roles, 2026 edition",
            "note": "Acme Engineering is a fictional company; this framework was written for pmograph's worked example.",
        },
    ],  # fmt: skip
}

if __name__ == "__main__":
    out = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("acme-framework.xlsx")
    )
    write(out, ROWS)
    print(f"wrote {out}")
