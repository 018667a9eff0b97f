/**
 * Chinese free-text recognisers: personal names (surname list plus context) and postal
 * addresses (province gazetteer, administrative suffixes, road/number and building patterns).
 * Each finder is linear in the text: a global anchor regex whose matches do not overlap, then
 * bounded look-back and look-ahead around each anchor.
 */

/** About 390 common single-character surnames (a hand-made list; add others with a caller recogniser), without characters that are mostly function words (和, 于, 时, 向, 都…). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚粟冼蔺闻厉伊仝郜阚权帅屠朴盖练廉禹井祖漆巴丰卿狄晋扈晁芮阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危亢嵇哈湛宾戎勾茅揭尉冶檀衣展阴昝智幸奉植衡富尧';
/** The most frequent surnames: a name right before 先生/女士 starts at one of these rather than one character earlier. */
const STRONG_SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡';
/** Characters that end a name: particles, verbs and nouns that follow names in notes and forms. */
const NAME_STOP =
  '的了是在和与及或电手地址收寄送号码先女姐生您你我他她们说已要请到从住等为于把被给往向去来对该此其这那个位名称姓市省区县路街镇村楼栋室单件次日年点分秒时周上下前后内会员客户顾联系人未再也都还就将但而且并今昨';
const HAN = '\\u4e00-\\u9fff';
/** Two-character surnames (复姓), as a regex alternation. */
const COMPOUND_ALTERNATION =
  '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|轩辕|令狐|钟离|端木|独孤|南宫|申屠|万俟|闻人|澹台|赫连|呼延|西门';
/** Form labels and roles after which a name follows. */
const NAME_TRIGGER =
  '姓名|名字|收件人|收货人|联系人|寄件人|持卡人|开户名|户名|顾客|客户|会员|业主|患者|经办人|负责人|提货人|签收人|投诉人|申请人|[Cc]ustomer|[Mm]ember|Mrs?\\.?|Ms\\.?';
const HONORIFIC = /先生|女士|小姐/g;
const VERBS_BEFORE_NAMES = '感谢|谢谢|多谢|请问|通知|联系|告诉|麻烦|提醒|转告';

interface Compiled {
  readonly triggered: RegExp;
  readonly recipient: RegExp;
  readonly surnames: ReadonlySet<string>;
  readonly strong: ReadonlySet<string>;
  readonly stop: ReadonlySet<string>;
  readonly compound: ReadonlySet<string>;
  readonly verbs: ReadonlySet<string>;
  readonly province: RegExp;
  readonly addressStop: ReadonlySet<string>;
  readonly anchor: RegExp;
  readonly tail: RegExp;
}

let compiled: Compiled | undefined;

/** Built on first use, so a bundle that never detects names or addresses carries only the strings. */
function patterns(): Compiled {
  if (compiled !== undefined) return compiled;
  const given = `(?:(?![${NAME_STOP}])[${HAN}])`;
  const surname = `(?:${COMPOUND_ALTERNATION}|[${SURNAMES}])`;
  const building = '(?:[A-Z]?\\d{1,3}|[A-Z])(?:栋|幢|座|号楼)';
  compiled = {
    triggered: new RegExp(`(?:${NAME_TRIGGER})[:：\\s]{0,2}(${surname}${given}{1,2})`, 'gu'),
    // A recipient at the end of a clause: …，张伟收 (the way a parcel or a letter is addressed).
    recipient: new RegExp(`(?<=[，,。；;:：\\s])(${surname}${given}{1,2})收(?![${HAN}])`, 'gu'),
    surnames: new Set(SURNAMES),
    strong: new Set(STRONG_SURNAMES),
    stop: new Set(NAME_STOP),
    compound: new Set(COMPOUND_ALTERNATION.split('|')),
    verbs: new Set(VERBS_BEFORE_NAMES.split('|')),
    province: new RegExp(`(?:${PROVINCE_NAMES})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)`, 'u'),
    addressStop: new Set(ADDRESS_STOP),
    // An anchor: a road and a house number (科苑路15号), or an estate and a building (阳光花园3栋).
    anchor: new RegExp(`(?:${ROAD})(?:[东西南北中]段)?\\d{1,5}(?:-\\d{1,5})?号(?:院)?|(?:${ESTATE})${building}`, 'gu'),
    // What may follow the anchor: estate or building name, building, unit, floor, room.
    tail: new RegExp(
      `(?:(?:(?![${ADDRESS_STOP}])[${HAN}A-Za-z]){1,12}?(?:${ESTATE}|村))?(?:${building})?(?:\\d{1,2}单元)?(?:\\d{1,3}(?:层|楼))?(?:\\d{1,5}(?:室|房|号)?)?`,
      'uy',
    ),
  };
  return compiled;
}

function isHan(c: string | undefined): boolean {
  return c !== undefined && c >= '\u4e00' && c <= '\u9fff';
}

/** A span found by a finder: `[start, end, confidence]`. */
export type Found = readonly [number, number, number];

/** Personal names after a label (收件人 张伟) or before an honorific (张伟先生, 王女士). */
export function* findNames(text: string): Generator<Found> {
  const p = patterns();
  const isSurname = (c: string | undefined) => c !== undefined && p.surnames.has(c);
  for (const match of text.matchAll(p.triggered)) {
    const name = match[1] as string;
    const end = match.index + match[0].length;
    yield [end - name.length, end, 0.85];
  }
  for (const match of text.matchAll(p.recipient)) {
    const name = match[1] as string;
    yield [match.index, match.index + name.length, 0.8];
  }
  for (const match of text.matchAll(HONORIFIC)) {
    const end = match.index;
    const c1 = text[end - 1];
    const c2 = text[end - 2];
    const c3 = text[end - 3];
    const given = (c: string | undefined) => isHan(c) && !p.stop.has(c as string);
    let length = 0;
    if (end >= 4 && p.compound.has(text.slice(end - 4, end - 2)) && given(c2) && given(c1)) length = 4;
    else if (end >= 3 && p.compound.has(text.slice(end - 3, end - 1)) && given(c1)) length = 3;
    else if (end >= 2 && p.compound.has(text.slice(end - 2, end))) length = 2;
    else if (isSurname(c3) && given(c2) && given(c1) && !p.strong.has(c2 as string)) length = 3;
    if (length === 0 && isSurname(c2) && given(c1)) length = 2;
    if (length === 0 && isSurname(c1)) length = 1;
    // 感谢赵先生: a verb right before a one-character surname is not part of the name.
    if (length === 2 && p.verbs.has(text.slice(end - 3, end - 1))) length = 1;
    if (length > 0) yield [end - length, end, length === 1 ? 0.7 : 0.8];
  }
}

const PROVINCE_NAMES =
  '北京|天津|上海|重庆|河北|山西|内蒙古|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|香港|澳门';
/** Characters an address does not contain (so a sentence before it is not taken in). */
const ADDRESS_STOP = '的了是在和与及或我你他她您们请寄送到住址为于把被给往向去来从说已要等将至发收件';
const ROAD = '路|街|大道|大街|巷|弄|胡同|道';
const ESTATE = '小区|花园|家园|公寓|大厦|新村|广场|中心|公馆|大楼|苑|园|城|府|湾|庭|居';
const DIVISION = /(?:省|市|区|县|旗|州|盟|镇|乡|街道)/u;
const LOOK_BACK = 30;

/** Postal addresses: a road-and-number or estate-and-building anchor, extended left over the place names before it and right over building, unit and room. */
export function* findAddresses(text: string): Generator<Found> {
  const p = patterns();
  let lastEnd = 0;
  for (const match of text.matchAll(p.anchor)) {
    const anchorStart = match.index;
    if (anchorStart < lastEnd) continue;
    let start = anchorStart;
    const floor = Math.max(lastEnd, anchorStart - LOOK_BACK);
    while (start > floor) {
      const c = text[start - 1] as string;
      if (!(isHan(c) || /[0-9A-Za-z]/.test(c)) || p.addressStop.has(c)) break;
      start--;
    }
    // Digits and Latin letters only inside the place name, not leading it.
    while (start < anchorStart && !isHan(text[start])) start++;
    // A road name needs at least one character.
    if (start === anchorStart) continue;
    // Start at a province (广东省, 上海市…) when one is inside the run: drops a stray word before it.
    const head = text.slice(start, anchorStart);
    const province = p.province.exec(head);
    const at = province === null ? -1 : province.index;
    if (at > 0) start += at;
    p.tail.lastIndex = match.index + match[0].length;
    const tail = p.tail.exec(text);
    const end = match.index + match[0].length + (tail?.[0].length ?? 0);
    lastEnd = end;
    const placed = at >= 0 || DIVISION.test(text.slice(start, anchorStart));
    yield [start, end, placed ? 0.85 : 0.7];
  }
}
