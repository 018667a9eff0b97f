import type { NoticeInput } from '../../src/index';
import { analytics, face, kidsClub, membership, sms } from '../fixtures';

/** The notice the browser page and the test share. */
export const noticeInput: NoticeInput = {
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: {
    'zh-CN': '静安购物中心个人信息处理规则（第 1 版）：我们为会员服务、营销与统计处理您的个人信息；您可以随时查阅、更正、删除并撤回同意。',
    en: "Jing'an Mall privacy notice (version 1): we process your personal information for membership, marketing and analytics; you may access, correct and delete it and withdraw consent at any time.",
  },
  purposes: [membership, sms, analytics, face, kidsClub],
};
