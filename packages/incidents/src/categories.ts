/**
 * The ten event categories of GB/T 20986-2023 《信息安全技术 网络安全事件分类分级指南》 §5.2
 * (which replaced the seven of GB/Z 20986-2007), with their Chinese names and the English used
 * in our reports. Sub-categories are free text on the record (`cause.subcategory`).
 *
 * @public
 */
export const CAUSE_CATEGORIES = {
  'malicious-program': { zh: '恶意程序事件', en: 'Malicious program incident' },
  'network-attack': { zh: '网络攻击事件', en: 'Network attack incident' },
  'data-security': { zh: '数据安全事件', en: 'Data security incident' },
  'information-content-security': { zh: '信息内容安全事件', en: 'Information content security incident' },
  'equipment-facility-failure': { zh: '设备设施故障事件', en: 'Equipment and facility failure incident' },
  'violation-operation': { zh: '违规操作事件', en: 'Non-compliant operation incident' },
  'security-hidden-danger': { zh: '安全隐患事件', en: 'Latent security hazard incident' },
  'abnormal-behavior': { zh: '异常行为事件', en: 'Abnormal behaviour incident' },
  'force-majeure': { zh: '不可抗力事件', en: 'Force majeure incident' },
  other: { zh: '其他事件', en: 'Other incident' },
} as const;

/**
 * A GB/T 20986-2023 cause category id (a key of {@link CAUSE_CATEGORIES}).
 *
 * @public
 */
export type CauseCategory = keyof typeof CAUSE_CATEGORIES;
