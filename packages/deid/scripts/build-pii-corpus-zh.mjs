#!/usr/bin/env node
// Generates test/fixtures/pii-corpus-zh.jsonl: a seeded, reproducible labelled corpus of
// retail free text in Chinese (and some English) that mixes personal information with the
// numbers that sit beside it in real stores' notes and tickets: order, waybill, transaction,
// invoice and meeting numbers, timestamps, stock counts, SKUs. The formats of those numbers are
// facts from their issuers' public documentation, listed in test/fixtures/SOURCE.md. Every
// personal value is synthetic (valid checksums and allocated segments, random digits).
//
//   node packages/deid/scripts/build-pii-corpus-zh.mjs > packages/deid/test/fixtures/pii-corpus-zh.jsonl
//
// Labels are by construction: a template inserts a value and records it with its kind.

let state = 20261130;
function random() {
  // mulberry32
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
const pad = (n, w) => String(n).padStart(w, '0');

// ---- personal values -------------------------------------------------------------------------
const PERSONAL_SEGMENTS = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '172',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '190',
  '191',
  '192',
  '193',
  '195',
  '196',
  '197',
  '198',
  '199',
  '162',
  '165',
  '167',
  '171',
  '1703',
  '1705',
];
function mobileDigits() {
  const seg = pick(PERSONAL_SEGMENTS);
  return seg + digits(11 - seg.length);
}
function formatMobile(d) {
  const style = int(0, 5);
  if (style === 0) return `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
  if (style === 1) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`; // 4-3-4
  if (style === 2) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
  if (style === 3) return `+86 ${d}`;
  return d;
}
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
const REGIONS = [
  '110105',
  '110108',
  '310104',
  '310115',
  '440305',
  '440106',
  '330106',
  '510107',
  '320102',
  '420111',
  '370202',
  '500103',
  '610113',
  '350203',
  '440301',
];
function residentId() {
  const y = int(1950, 2008);
  const f = `${pick(REGIONS)}${y}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(f[i]) * W[i];
  return f + C[sum % 11];
}
function formatId(id) {
  const style = int(0, 3);
  if (style === 0) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  if (style === 1) return `${id.slice(0, 6)} ${id.slice(6, 10)} ${id.slice(10, 14)} ${id.slice(14)}`;
  return id;
}
function luhnComplete(body) {
  for (let d = 0; d < 10; d++) {
    const n = body + d;
    let s = 0;
    for (let i = 0; i < n.length; i++) {
      let v = Number(n[n.length - 1 - i]);
      if (i % 2 === 1) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      s += v;
    }
    if (s % 10 === 0) return n;
  }
  throw new Error('unreachable');
}
function bankCard() {
  const length = pick([16, 19]);
  const bin = pick(['622202', '621700', '622848', '625807', '436742', '621483', '622588']);
  const card = luhnComplete(bin + digits(length - 7));
  return random() < 0.5 ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
}
const EMAIL_USERS = ['zhangwei', 'li.na', 'wang_fang88', 'liu.yang', 'chenjing1990', 'yang.min', 'zhao.lei', 'huangli'];
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'gmail.com', 'outlook.com', 'example.com.cn'];
const email = () => `${pick(EMAIL_USERS)}${int(1, 99)}@${pick(EMAIL_DOMAINS)}`;
const hex2 = () => pad(int(0, 255).toString(16), 2);
function mac() {
  const first = pad(((int(0, 63) << 2) | 0).toString(16), 2); // unicast, globally administered
  const parts = [first, hex2(), hex2(), hex2(), hex2(), hex2()];
  const sep = pick([':', '-']);
  const text = parts.join(sep);
  return random() < 0.5 ? text.toUpperCase() : text;
}
const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋蒙陕吉闽贵粤川';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = `0123456789${LETTERS}`;
const alnum = (n) => Array.from({ length: n }, () => pick([...ALNUM])).join('');
function plate() {
  const p = pick([...PLATE_PROVINCES]);
  const l = pick([...LETTERS]);
  switch (int(0, 11)) {
    case 0:
      return `${p}${l}${pick('DABCEFGHJK')}${pick([...ALNUM])}${digits(4)}`;
    case 1:
      return `${p}${l}${digits(5)}${pick('DF')}`;
    case 2:
      return `${p}${l}${digits(4)}警`;
    case 3:
      return `粤Z${digits(4)}${pick('港澳')}`;
    case 4:
      return `使${digits(6)}`;
    case 5:
      return `${p}${l}${digits(4)}领`;
    case 6:
      return `${p}${l}${digits(4)}学`;
    case 7:
      return `WJ${p}${digits(4)}${pick('0123456789XBT')}`;
    case 8:
      return `${p}${l}${digits(4)}应急`;
    case 9:
      return `民航${digits(5)}`;
    default:
      return `${p}${l}·${digits(1)}${alnum(4)}`;
  }
}
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红辉建国文浩宇欣怡子轩梓涵诺雨婷晨博佳俊鑫思瑶嘉琪凯鹏飞斌丹兰梅琳雪颖慧莉晶倩蕾波亮林峰阳小志海春立新永';
function fullName() {
  if (random() < 0.05) return pick(['欧阳', '司马', '上官', '诸葛']) + pick([...GIVEN]) + (random() < 0.5 ? pick([...GIVEN]) : '');
  return pick([...SURNAMES]) + pick([...GIVEN]) + (random() < 0.6 ? pick([...GIVEN]) : '');
}
const PLACES = [
  '上海市浦东新区',
  '北京市朝阳区',
  '广东省广州市天河区',
  '浙江省杭州市西湖区',
  '四川省成都市武侯区',
  '江苏省南京市玄武区',
  '湖北省武汉市洪山区',
  '广东省深圳市南山区',
  '杭州市余杭区',
  '成都市锦江区',
  '上海市静安区',
  '福建省厦门市思明区',
];
const ROADS = [
  '张江路',
  '建国路',
  '科苑路',
  '文三路',
  '天府大道',
  '中山东路',
  '解放大道',
  '珞喻路',
  '淮海中路',
  '南京西路',
  '滨江大道',
  '人民路',
];
const ESTATES = ['阳光花园', '万科城', '绿地公馆', '碧桂园', '翠湖苑', '金地家园', '保利中心', '世纪大厦'];
function address() {
  const form = int(0, 4);
  const road = `${pick(ROADS)}${int(1, 999)}号`;
  const unit = () =>
    pick([
      `${int(1, 30)}栋${int(1, 6)}单元${int(1, 33)}0${int(1, 4)}室`,
      `${int(1, 12)}号楼${int(1, 30)}0${int(1, 6)}`,
      `${pick('ABCD')}座${int(1, 40)}层`,
      `${int(1, 30)}0${int(1, 8)}室`,
    ]);
  if (form === 0) return `${pick(PLACES)}${road}`;
  if (form === 1) return `${pick(PLACES)}${road}${pick(ESTATES)}${unit()}`;
  if (form === 2) return `${pick(PLACES)}${road}${unit()}`;
  if (form === 3) return `${pick(ESTATES)}${int(1, 30)}栋${int(1, 6)}单元${int(1, 33)}0${int(1, 4)}`;
  return `${road}${pick(ESTATES)}${int(1, 30)}栋`;
}
const ipv4 = () => `${pick([58, 61, 101, 112, 114, 116, 183, 202, 218, 223])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;

// ---- real-format numbers that are not personal data ---------------------------------------------
const date = () => `2026${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}`;
const DECOYS = [
  () => `订单号：${pick(['2', '3', '4'])}${digits(17)}`, // Taobao/Tmall order ids: 18-19 digits
  () => `京东订单 ${int(2, 3)}${digits(11)}`, // JD.com order ids: 12 digits
  () => `拼多多订单 ${date().slice(2)}-${digits(15)}`,
  () => `顺丰运单号 SF${digits(13)}`, // SF Express waybills: SF + 13 digits
  () => `中通快递 ${pick(['75', '78', '73'])}${digits(12)}`, // ZTO: 14 digits
  () => `圆通 YT${digits(13)}`, // YTO: YT + 13 digits
  () => `韵达快递单号${pick(['43', '46', '31'])}${digits(13)}`, // Yunda: 15 digits
  () => `EMS 单号 E${pick([...LETTERS])}${digits(9)}CN`, // UPU S10 13-character item id
  () => `微信支付单号 4200${digits(6)}${date()}${digits(10)}`, // WeChat Pay transaction_id: 28 digits, 420… prefix
  () => `支付宝交易号：${date()}2200${digits(16)}`, // Alipay trade_no: 28 digits, date first
  () => `商户单号 ${date()}${digits(10)}`,
  () => `银联参考号 ${digits(12)}`, // UnionPay retrieval reference number: 12 digits
  () => `下单时间 2026-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)} ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`,
  () => `ts=${int(1735689600, 1798761600)}${digits(3)}`, // Unix time in milliseconds, 2025-2026
  () => `日志时间戳 ${int(1735689600, 1798761600)}`,
  () => `时间 ${date()}${pad(int(0, 23), 2)}${pad(int(0, 59), 2)}${pad(int(0, 59), 2)}`,
  () => `库存 ${int(0, 99999)} 件，安全库存 ${int(10, 500)}`,
  () => `盘点：货架 A-${int(1, 40)}-${int(1, 9)} 实盘 ${int(100, 99999)} 件`,
  () => `腾讯会议号：${digits(3)} ${digits(3)} ${digits(3)}`, // Tencent Meeting: 9 digits, 3-3-3
  () => `Zoom Meeting ID: ${int(8, 9)}${digits(2)} ${digits(4)} ${digits(4)}`, // Zoom: 11 digits, 3-4-4
  () => `数电发票号码 ${pick(['24', '25', '26'])}${pick(['11', '31', '44', '33'])}${digits(16)}`, // fully digital e-invoices: 20 digits
  () => `发票代码 ${pick(['0', '1'])}${digits(11)} 发票号码 ${digits(8)}`, // legacy VAT invoices: 12-digit code + 8-digit number
  () => `商品条码 69${digits(11)}`, // GS1 China EAN-13
  () => `SKU ${int(100000, 999999)}-${pick(['S', 'M', 'L', 'XL'])}`,
  () => `取件码 ${int(1, 30)}-${int(1, 9)}-${int(1000, 9999)}`,
  () => `会员积分 ${int(0, 99999)} 分，等级 V${int(1, 9)}`,
  () => `POS 固件版本 ${int(1, 9)}.${int(0, 20)}.${int(0, 99)}.${int(0, 999)}`,
  () => `设备 IMEI ${pick(['86', '35'])}${digits(13)}`,
  () => `物联网卡 1440${digits(9)} 已停机`, // 13-digit IoT numbers (1440x)
  () => `电表物联网卡 148${digits(8)}`, // 148: data-only segment (IoT)
  () => `卫星终端 1740${int(0, 5)}${digits(6)} 应急备份`, // 17400-17405: satellite
  () => `客服热线 400-${digits(3)}-${digits(4)}`,
  () => `门店座机 021-${int(5000, 6999)}${digits(4)}`,
  () => `价格 ¥${int(1, 9999)}.${digits(2)}，折后 ¥${int(1, 999)}`,
];
// Words that look like names or addresses but are not personal information.
const PROSE_DECOYS = [
  '李宁专卖店今天上新',
  '周大福柜台补货',
  '王府井店客流上升',
  '各位女士们、先生们，商场即将闭店',
  '这位先生请稍等',
  '一位女士在试衣间遗落了手机',
  '马上安排退款',
  '高兴地收到顾客表扬',
  '地铁2号线出口',
  '3号柜台排队较长',
  '路由器重启后恢复',
  '服务台广播寻找家长',
  '黄金首饰专柜',
  '白色T恤补货',
  '金秋促销活动',
  '一路上车流较大',
  '第8号收银台故障',
  '营业员小姐姐很热情',
];

// ---- templates ------------------------------------------------------------------------------
const lines = [];
function add(parts) {
  // parts: strings, or [kind, text] for labelled personal values
  let text = '';
  const pii = [];
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else {
      pii.push({ kind: part[0], text: part[1] });
      text += part[1];
    }
  }
  lines.push({ text, pii });
}
const M = () => ['mobile', formatMobile(mobileDigits())];
const ID = () => ['resident-id', formatId(residentId())];
const N = () => ['name', fullName()];
const A = () => ['address', address()];
const TEMPLATES = [
  () => ['收件人：', N(), '，电话：', M(), '，地址：', A()],
  () => ['收货人 ', N(), ' ', M(), ' ', A()],
  () => [N(), '先生来电反映会员积分未到账，回电 ', M()],
  () => ['顾客', N(), '女士投诉退款慢，', pick(DECOYS)(), '，请跟进'],
  () => ['会员', N(), '今天到店办理退卡，', pick(DECOYS)()],
  () => ['姓名：', N(), '；身份证号：', ID(), '；手机：', M()],
  () => ['联系人 ', N(), ' 手机 ', M()],
  () => ['请将发票寄到', A(), '，', N(), '收'],
  () => ['退款核验证件 ', ID(), '，', pick(DECOYS)()],
  () => ['客户称身份证号码是 ', ID()],
  () => ['退款到银行卡 ', ['bank-card', bankCard()], '，', pick(DECOYS)()],
  () => ['邮箱 ', ['email', email()], ' 订阅了周报，', pick(DECOYS)()],
  () => ['Wi-Fi 探针记录 ', ['mac', mac()], '，', pick(DECOYS)()],
  () => ['车辆 ', ['plate', plate()], ' 进入地下车库，', pick(DECOYS)()],
  () => ['登录来源 IP ', ['ipv4', ipv4()], '，', pick(DECOYS)()],
  () => ['快递放在', A(), '门口了，', pick(DECOYS)()],
  () => ['Customer ', N(), ' asked us to call ', M(), ' after 6pm'],
  () => [pick(PROSE_DECOYS), '，', pick(DECOYS)(), '，联系 ', M()],
  () => ['家住', A(), '的', N(), '女士预约上门安装'],
  () => ['尊敬的', N(), '先生，您的订单已发货，', pick(DECOYS)()],
  () => ['持卡人 ', N(), ' 卡号 ', ['bank-card', bankCard()]],
  () => ['新能源车 ', ['plate', plate()], ' 充电完成，车主手机 ', M()],
];
const DECOY_TEMPLATES = [
  () => [pick(DECOYS)(), '，', pick(DECOYS)()],
  () => [pick(PROSE_DECOYS), '，', pick(DECOYS)()],
  () => [pick(DECOYS)(), '。', pick(PROSE_DECOYS)],
  () => [pick(PROSE_DECOYS), '；', pick(DECOYS)(), '；', pick(DECOYS)()],
];
for (let i = 0; i < 640; i++) add(random() < 0.62 ? pick(TEMPLATES)() : pick(DECOY_TEMPLATES)());
for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
