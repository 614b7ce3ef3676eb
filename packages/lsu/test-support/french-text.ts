/** Word pools for realistic French content; every character fits in ISO-8859-1. */
import type { Random } from './random.ts';

export const FIRST_NAMES = [
  'Léa', 'Chloé', 'Inès', 'Zoé', 'Maëlle', 'Anaïs', 'Noémie', 'Océane', 'Célia', 'Adèle', 'Agnès', 'Léonie',
  'Hélène', 'Cécile', 'Gaëlle', 'Élodie', 'Manon', 'Camille', 'Jade', 'Louise', 'Théo', 'Noé', 'Raphaël',
  'Jérôme', 'François', 'Loïc', 'Benoît', 'Mathéo', 'Timothée', 'Aurélien', 'Clément', 'Frédéric', 'Grégoire',
  'Jérémy', 'Hugo', 'Lucas', 'Nathan', 'Éthan', 'Maël', 'Joël', 'Gaël', 'Anatole', 'Médéric', 'Valère',
];

export const LAST_NAMES = [
  'Lefèvre', 'Dupré', 'Fournier', 'Lemaître', 'Gauthier', 'Chevalier', 'Mercier', 'Boucher', 'Lacroix', 'Rémy',
  'Girard', 'Ménard', 'Fabre', 'Bérard', 'Thébault', 'Guérin', 'Régnier', 'Hébert', 'Noël', 'Lévêque', 'Bénard',
  'Da Silva', "N'Diaye", 'Le Goff', 'Müller', 'Nguyen', 'Périer', 'Sénéchal', 'Aubé', 'Delaître', 'Castaño',
  'Pélissier', 'Quéré', 'Rousseau', 'Brunet', 'Faure', 'Huet', 'Marchand', 'Roussel', 'Vidal', 'Collin',
];

const OPENINGS = [
  'Trimestre satisfaisant', 'Ensemble sérieux et régulier', 'Des efforts à poursuivre', 'Très bon travail',
  'Résultats encourageants', 'Un investissement inégal', 'Bon trimestre dans l\'ensemble', 'Élève discret mais appliqué',
  'Travail sérieux', 'Des progrès nets', 'Période en demi-teinte', 'Participation orale à développer',
];
const BODIES = [
  'les connaissances sont bien maîtrisées', 'la méthode de travail doit être consolidée',
  'la participation en classe est active et pertinente', 'les leçons doivent être apprises avec plus de régularité',
  'les exercices d\'application sont réussis', 'la rédaction gagnerait à être plus soignée',
  'l\'écoute et la concentration sont à améliorer', 'le travail personnel est régulier et efficace',
  'les compétences du programme sont en cours d\'acquisition', 'l\'élève sait mobiliser ses acquis à bon escient',
  'la prise d\'initiative est appréciable', 'les devoirs à la maison sont faits avec sérieux',
];
const ENDINGS = [
  'Continuez ainsi.', 'Il faut persévérer.', 'Bon courage pour la suite.', 'Félicitations.',
  'À poursuivre au prochain trimestre.', 'Des encouragements pour cet investissement.', 'Restez concentré(e).',
];

/** An appreciation of roughly `target` characters (never more than `max`). */
export function appreciation(random: Random, target: number, max: number): string {
  let text = `${random.pick(OPENINGS)} : ${random.pick(BODIES)}`;
  while (text.length < target - 40) text += `, ${random.pick(BODIES)}`;
  text += `. ${random.pick(ENDINGS)}`;
  return [...text].slice(0, max).join('').trimEnd();
}

export const PROGRAMME_ELEMENTS = [
  'Comprendre et interpréter des textes littéraires', 'Rédiger un texte cohérent et organisé',
  'Résoudre des problèmes de proportionnalité', 'Utiliser le calcul littéral', 'Reconnaître et construire des figures',
  'Comprendre un document oral en langue étrangère', 'S\'exprimer à l\'oral en continu', 'Situer un fait dans le temps',
  'Analyser un document historique', 'Se repérer dans l\'espace : cartes et croquis', 'Pratiquer des démarches scientifiques',
  'Décrire le fonctionnement du vivant', 'Identifier les états de la matière', 'Concevoir un objet technique',
  'Expérimenter et produire une oeuvre plastique', 'Chanter et interpréter en groupe', 'Développer sa motricité',
  'Coopérer dans un projet collectif', 'Lire et comprendre le latin', 'Mobiliser le vocabulaire et la grammaire',
];

export const COMMUNES = ['Besançon', 'Saint-Étienne', 'Orléans', 'Nîmes', 'Châteauroux', 'Montélimar', 'Évry', 'Pontoise'];
export const STREETS = ['rue des Écoles', 'avenue Jean Jaurès', 'place de la Mairie', 'chemin des Prés', 'allée des Tilleuls'];
