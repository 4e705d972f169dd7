// Seed story for local development. Facts are drawn from the seed article (shared/seed/petro-trump-meeting.txt);
// all wording below is the Newsdesk project's own.

/** Status a seeded card starts in. */
export type SeedStatus = "draft" | "in_review" | "published";

export interface SeedCard {
  title: string;
  summary: string;
  body: string;
  status: SeedStatus;
}

export interface SeedStory {
  slug: string;
  headline: string;
  summary: string;
  /** ISO 8601 with offset */
  coverageStart: string;
  coverageEnd: string | null;
  cards: SeedCard[];
}

export const petroTrumpStory: SeedStory = {
  slug: "petro-trump-white-house",
  headline: "Petro meets Trump at the White House",
  summary:
    "Colombian President Gustavo Petro sits down with Donald Trump in Washington for their first face-to-face talks, after months of friction over drugs, boat strikes and Venezuela.",
  // The article gives no dateline or hour, only "Tuesday" after the 3 January
  // Maduro operation; this is the first Tuesday in February 2026, midday Washington time.
  coverageStart: "2026-02-03T12:00:00-05:00",
  coverageEnd: null,
  cards: [
    {
      title: "What is on the table in Washington",
      summary:
        "Petro and Trump meet on Tuesday at the White House, their first in-person encounter after a long stretch of strained relations.",
      body:
        "Gustavo Petro is travelling to Washington to see Donald Trump at the White House on Tuesday. It is the first time the two presidents will meet in person, following months in which relations between them grew steadily worse and their public statements turned hostile.\n\n" +
        "Topics expected to dominate the talks include Venezuela, drug trafficking, oil, security and the US strikes on boats suspected of carrying drugs.\n\n" +
        "Colombia's Foreign Minister, Rosa Yolanda Villavicencio, said the conversation would centre on security worries the two countries share about Venezuela.",
      status: "published",
    },
    {
      title: "Venezuela after the Maduro operation",
      summary:
        "A friendly phone call followed the 3 January US operation to capture Nicolás Maduro, and Colombia says Venezuela-related security will lead the agenda.",
      body:
        "On 3 January, US forces carried out a military operation to seize Venezuela's President, Nicolás Maduro. Petro and Trump spoke by phone afterwards, and the call was described as cordial.\n\n" +
        "Foreign Minister Rosa Yolanda Villavicencio has said the White House meeting will concentrate on the security concerns Bogotá and Washington have in common regarding Venezuela.\n\n" +
        "Despite the friendly tone of that call, Petro has since said he considers US military action against Colombia a genuine possibility.",
      status: "published",
    },
    {
      title: "Cocaine flows and Trump's charges against Petro",
      summary:
        "Trump says Petro's government has not done enough to curb cocaine reaching the US, a dispute that risks spilling into wider relations.",
      body:
        "Trump has accused the Petro administration of failing to deal adequately with the cocaine moving from Colombia to the United States.\n\n" +
        "There is concern that if the trade is not brought under control, diplomatic ties could suffer, including the intelligence sharing that counter-narcotics work depends on.",
      status: "published",
    },
    {
      title: "Boat strikes and the threat of land targets",
      summary:
        "Petro has criticised US strikes on vessels alleged to carry drugs, while Trump has pledged to widen the campaign to targets on land.",
      body:
        "US strikes on boats that Washington says were moving drugs have been a recurring source of friction, with Petro speaking out against them.\n\n" +
        "Trump, for his part, has promised to extend the strikes to land targets in both Colombia and Venezuela.\n\n" +
        "The strikes are among the issues expected to come up at Tuesday's meeting.",
      status: "published",
    },
    {
      title: "Risk of US military action in Colombia",
      summary:
        "Petro says he sees a real danger of US military action against Colombia; Trump has previously signalled approval of the idea.",
      body:
        "Since the operation against Maduro, Petro has said he believes the threat of a US military move against Colombia is real. Trump has earlier suggested that he views a military operation in Colombia favourably.\n\n" +
        "After a cordial phone conversation, however, relations appeared to ease. A Colombian official characterised the change in tone as a major shift by both governments.",
      status: "in_review",
    },
    {
      title: "Oil on the agenda",
      summary:
        "Oil is among the subjects expected at the White House talks; what each side wants on energy has not been reported.",
      body:
        "Oil is one of the topics expected to be discussed when Petro and Trump meet, alongside Venezuela, drug trafficking, security and the strikes on suspected drug boats.\n\n" +
        "Neither side has set out its aims on energy or put figures on the table yet. Desk note: keep this card brief until there is more to report.",
      status: "draft",
    },
    {
      title: "ELN activity on the Venezuela border",
      summary:
        "Analysts say illegal activity along the Colombia-Venezuela border, notably by the ELN, makes security and anti-drug cooperation harder.",
      body:
        "According to analysts, illicit operations along Colombia's frontier with Venezuela are an obstacle to joint work on security and counter-narcotics. They single out the National Liberation Army (ELN) as a particular concern.\n\n" +
        "The issue ties into the Colombian government's stated aim of focusing the meeting on shared security worries about Venezuela.",
      status: "in_review",
    },
    {
      title: "DEA and military ties hold despite tensions",
      summary:
        "Cooperation between US and Colombian forces, and between the DEA and Colombian authorities, has continued through the dispute.",
      body:
        "Even with relations under strain, the armed forces of the two countries are still working together, and the US Drug Enforcement Administration (DEA) continues to cooperate with Colombian authorities.\n\n" +
        "The worry is that if the cocaine trade is not reduced, the diplomatic relationship could weaken, putting at risk the intelligence cooperation that anti-drug efforts rely on.",
      status: "in_review",
    },
    {
      title: "Petro's criticism of ICE and US policy",
      summary:
        "In a BBC interview last month, Petro likened ICE agents to Nazi units and accused the US of treating other nations as its empire.",
      body:
        "Petro has repeatedly criticised the White House's immigration policies in the months leading up to the meeting.\n\n" +
        "Speaking to the BBC last month, he drew a comparison between agents of US Immigration and Customs Enforcement (ICE) and Nazi units. He also accused the United States of behaving as if other countries were part of an American empire.",
      status: "draft",
    },
    {
      title: "Petro's final months and the Cepeda bid",
      summary:
        "With his term nearing its end, the meeting could affect support for Petro's preferred successor, Senator Iván Cepeda.",
      body:
        "Petro is approaching the close of his presidency, and the outcome of the Washington visit carries political stakes at home.\n\n" +
        "How the meeting goes could influence backing for Senator Iván Cepeda, the candidate Petro has chosen to succeed him. Experts say that whatever the result, Petro's handling of the encounter may strengthen his standing in Colombian politics.",
      status: "draft",
    },
  ],
};
