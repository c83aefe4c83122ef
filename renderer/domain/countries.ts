/** ISO 3166-1 alpha-2 codes with their names in the UI language (Intl.DisplayNames), Italy first. */
import type { SelectOption } from '../components/select-option';

const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'.split(
    ' ',
  );

const cache = new Map<string, SelectOption<string>[]>();

export function countryName(code: string, locale = 'it'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function countryOptions(locale = 'it', opts: { excludeItaly?: boolean } = {}): SelectOption<string>[] {
  const key = `${locale}:${opts.excludeItaly ? 1 : 0}`;
  let list = cache.get(key);
  if (!list) {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const all = CODES.filter((c) => !(opts.excludeItaly && c === 'IT')).map((c) => ({ value: c, label: `${names.of(c) ?? c} (${c})` }));
    all.sort((a, b) => a.label.localeCompare(b.label, locale));
    if (!opts.excludeItaly) {
      const it = all.findIndex((o) => o.value === 'IT');
      all.unshift(...all.splice(it, 1));
    }
    list = all;
    cache.set(key, list);
  }
  return list;
}
