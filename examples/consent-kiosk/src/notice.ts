import { createNotice, type PurposeInput } from '@aisle/consent';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const purposes: PurposeInput[] = [
  {
    id: 'membership',
    name: t('会员服务', 'Membership'),
    description: t('开卡、积分与会员权益', 'Card, points and member benefits'),
    legalBasis: 'contract',
    categories: ['identity', 'contact', 'transaction'],
    function: 'basic',
    retention: { until: 'account-closure' },
    legalRetention: 'P3Y',
  },
  {
    id: 'marketing.sms',
    name: t('短信优惠', 'Offers by SMS'),
    description: t('每月不超过四条', 'At most four a month'),
    legalBasis: 'consent',
    categories: ['contact', 'preferences'],
    function: 'extended',
    retention: 'P2Y',
    channels: ['sms'],
  },
  {
    id: 'marketing.email',
    name: t('邮件优惠', 'Offers by email'),
    description: t('每周简报', 'Weekly newsletter'),
    legalBasis: 'consent',
    categories: ['contact'],
    function: 'extended',
    retention: 'P2Y',
    channels: ['email'],
  },
  {
    id: 'face.check-in',
    name: t('刷脸签到', 'Face check-in'),
    description: t('在闸机用人脸识别签到', 'Check in at the gate by face'),
    legalBasis: 'consent',
    categories: ['biometric'],
    function: 'extended',
    retention: 'P30D',
    recipients: [{ name: 'Vision Cloud (Shanghai) Ltd', role: 'processor', country: 'CN' }],
  },
  {
    id: 'kids-club',
    name: t('儿童俱乐部', 'Kids club'),
    description: t('周末活动与生日礼物', 'Weekend events and a birthday gift'),
    legalBasis: 'consent',
    categories: ['identity', 'minor-under-14'],
    function: 'extended',
    retention: { until: 'account-closure' },
  },
];

/** The mall's privacy notice, version 1, as shown on the kiosk. */
export const notice = createNotice({
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: t('静安店会员隐私政策(第1版)', "Jing'an store membership privacy notice (v1)"),
  purposes,
});
