/** Small valid LSU documents the engine's tests mutate with string replacements. */

/** Collège 10.0: two pupils, one period, two periodic bilans and one cycle bilan. */
export const COLLEGE_10 = `<?xml version="1.0" encoding="UTF-8"?>
<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="10.0">
  <entete>
    <editeur>Préau</editeur>
    <application>Préau</application>
    <etablissement>0382032C</etablissement>
  </entete>
  <donnees>
    <responsables-etab>
      <responsable-etab id="RESP_1" libelle="Mme Directrice"/>
    </responsables-etab>
    <eleves>
      <eleve id="EL_1" id-be="1001" nom="Martin" prenom="Léa" code-division="3A"/>
      <eleve id="EL_2" id-be="1002" nom="Durand" prenom="Hugo" code-division="3B"/>
    </eleves>
    <periodes>
      <periode id="P_1" millesime="2025" indice="1" nb-periodes="3"/>
    </periodes>
    <disciplines>
      <discipline id="DI_1" code="030201" modalite-election="S" libelle="Anglais LV1"/>
      <discipline id="DI_2" code="020100" modalite-election="S" libelle="Français"/>
    </disciplines>
    <enseignants>
      <enseignant id="ENS_1" type="epp" id-sts="1234" civilite="M" nom="Petit" prenom="Jean"/>
    </enseignants>
    <elements-programme>
      <element-programme id="EP_1" libelle="Lire"/>
    </elements-programme>
    <bilans-periodiques>
      <bilan-periodique eleve-ref="EL_1" periode-ref="P_1" date-conseil-classe="2025-12-10" date-scolarite="2025-09-01" responsable-etab-ref="RESP_1" prof-princ-refs="ENS_1">
        <liste-acquis>
          <acquis discipline-ref="DI_1" enseignant-refs="ENS_1" element-programme-refs="EP_1" moyenne-eleve="12.5" moyenne-structure="11" positionnement="3">
            <appreciation>Bon trimestre, &quot;continuez&quot; ainsi.</appreciation>
          </acquis>
          <acquis discipline-ref="DI_2" enseignant-refs="ENS_1" statut-evaluation-eleve="1">
            <appreciation>Travail sérieux.</appreciation>
          </acquis>
        </liste-acquis>
        <acquis-conseils>Bon ensemble.</acquis-conseils>
        <vie-scolaire nb-retards="0" nb-abs-justifiees="2" nb-abs-injustifiees="0"/>
      </bilan-periodique>
      <bilan-periodique eleve-ref="EL_2" periode-ref="P_1" date-conseil-classe="2025-12-10" date-scolarite="2025-09-01" responsable-etab-ref="RESP_1">
        <liste-acquis>
          <acquis discipline-ref="DI_1" enseignant-refs="ENS_1" moyenne-eleve="9">
            <appreciation>Des efforts.</appreciation>
          </acquis>
        </liste-acquis>
        <acquis-conseils>Peut mieux faire.</acquis-conseils>
        <vie-scolaire nb-retards="1" nb-abs-justifiees="0" nb-abs-injustifiees="0">
          <commentaire>RAS</commentaire>
        </vie-scolaire>
      </bilan-periodique>
    </bilans-periodiques>
    <bilans-cycle>
      <bilan-cycle eleve-ref="EL_1" cycle="4" millesime="2025" date-creation="2026-06-20" responsable-etab-ref="RESP_1">
        <socle>
          <domaine code="CPD_FRA" positionnement="3"/>
          <domaine code="CPD_ETR" positionnement="3"/>
          <domaine code="CPD_SCI" positionnement="2"/>
          <domaine code="CPD_ART" positionnement="4"/>
          <domaine code="MET_APP" positionnement="3"/>
          <domaine code="FRM_CIT" positionnement="3"/>
          <domaine code="SYS_NAT" positionnement="0"/>
          <domaine code="REP_MND" positionnement="1"/>
        </socle>
        <synthese>Bilan de cycle satisfaisant.</synthese>
      </bilan-cycle>
    </bilans-cycle>
  </donnees>
</lsun-bilans>
`;

/** École 1.0 (revision b): one class, one pupil, one periodic bilan. */
export const ECOLE_1 = `<?xml version="1.0" encoding="UTF-8"?>
<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="1.0">
  <entete>
    <editeur>Préau</editeur>
    <application>Préau</application>
    <etablissement>0750001A</etablissement>
  </entete>
  <donnees>
    <directeurs>
      <directeur id="DIR_1" civilite="MME" nom="Durand" prenom="Anne"/>
    </directeurs>
    <classes>
      <classe id="CL_1" id-be="123456" libelle="CM1 A"/>
    </classes>
    <eleves>
      <eleve id="EL_1" ine="1234567890A" classe-ref="CL_1" nom="Martin" prenom="Léo"/>
    </eleves>
    <periodes>
      <periode id="P_1" millesime="2025" indice="1" nb-periodes="3" date-debut="2025-09-01" date-fin="2025-11-30"/>
    </periodes>
    <enseignants>
      <enseignant id="ENS_1" civilite="M" nom="Petit" prenom="Paul"/>
    </enseignants>
    <bilans-periodiques>
      <bilan-periodique eleve-ref="EL_1" periode-ref="P_1" enseignant-refs="ENS_1" date-creation="2025-12-01" date-scolarite="2025-09-01" date-verrou="2025-12-02T10:00:00" directeur-ref="DIR_1">
        <liste-acquis>
          <acquis code-domaine="FRA-RAC" positionnement="3">
            <appreciation>Bonne lecture.</appreciation>
          </acquis>
        </liste-acquis>
        <appreciation-generale>Bon trimestre.</appreciation-generale>
      </bilan-periodique>
    </bilans-periodiques>
  </donnees>
</lsun-bilans>
`;

/** Replaces `from` by `to` in `xml`, failing loudly when `from` is absent (a stale fixture). */
export function edit(xml: string, ...pairs: [string, string][]): string {
  let out = xml;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`fixture has no ${from}`);
    out = out.replace(from, to);
  }
  return out;
}
