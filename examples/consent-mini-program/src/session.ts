// A scripted session on the page: a tiny stand-in for the mini-program runtime (an instance with
// `data` and `setData`), a seeded stand-in for `wx.getRandomValues`, and taps in order.
import { type ConsentEvent, createNotice, type NoticeInput } from '@aisle/consent';
import { createManualClock } from '@aisle/core';
import { consentPage, type PageInstance, type WxRandom } from './page';
import { renderWxml } from './view';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The brand's notice: membership, coupons by WeChat message, and location-based offers (sensitive). */
export const noticeInput: NoticeInput = {
  version: 1,
  publishedAt: '2026-11-01T00:00:00+08:00',
  text: t('品牌会员小程序个人信息处理规则（第 1 版）', 'Brand membership mini-program privacy notice (v1)'),
  purposes: [
    {
      id: 'membership',
      name: t('会员服务', 'Membership'),
      description: t('会员卡与积分', 'Member card and points'),
      legalBasis: 'contract',
      categories: ['identity', 'contact'],
      function: 'basic',
      retention: { until: 'account-closure' },
    },
    {
      id: 'marketing.wechat',
      name: t('服务通知优惠', 'Offers by WeChat message'),
      description: t('每月不超过两条', 'At most two a month'),
      legalBasis: 'consent',
      categories: ['contact', 'preferences'],
      function: 'extended',
      retention: 'P1Y',
      channels: ['wechat'],
    },
    {
      id: 'nearby-offers',
      name: t('附近门店优惠', 'Offers near you'),
      description: t('根据您的行踪推荐附近门店', 'Nearby stores from where you go'),
      legalBasis: 'consent',
      categories: ['location-trajectory'],
      function: 'extended',
      retention: 'P30D',
    },
  ],
};

/** A deterministic `wx.getRandomValues` for the example (a real page passes `wx`). */
export function seededWx(seed: number): WxRandom {
  let x = seed >>> 0;
  return {
    getRandomValues({ length, success }) {
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        x = (x * 1664525 + 1013904223) >>> 0;
        bytes[i] = x >>> 24;
      }
      queueMicrotask(() => success({ randomValues: bytes.buffer }));
    },
  };
}

/** Runs a sign-up: WeChat offers declined, nearby offers accepted. Returns the screens and the events. */
export async function runSession(options: { readonly birthDate?: string; readonly seed?: number } = {}) {
  const notice = createNotice(noticeInput);
  const submitted: ConsentEvent[] = [];
  const page = consentPage({
    wx: seededWx(options.seed ?? 7),
    notice,
    clock: createManualClock('2026-11-21T23:30:00+08:00'),
    zone: 'Asia/Shanghai',
    locale: 'zh-CN',
    withdrawal: { path: t('我的 > 隐私设置 > 撤回同意', 'Me > Privacy > Withdraw consent') },
    loadSubject: async () => ({ subjectId: 'psn_wx01', consent: undefined, facts: { birthDate: options.birthDate ?? '1995-08-08' } }),
    submit: async (result) => {
      submitted.push(...result.events);
    },
  });
  const instance: PageInstance = {
    data: page.data,
    setData(patch) {
      this.data = { ...this.data, ...patch };
    },
  };
  const screens: string[] = [];
  const snap = () => screens.push(renderWxml(instance.data));
  await page.onLoad.call(instance);
  snap();
  if (instance.data.kind === 'guardian') {
    page.onGuardian.call(instance, { detail: { value: 'father' } });
    page.onConfirm.call(instance);
    snap();
    await page.onNext.call(instance);
    snap();
  }
  await page.onNext.call(instance); // notice
  snap();
  await page.onNext.call(instance); // basic
  snap();
  page.onChoose.call(instance, { detail: { value: [] } }); // extended: nothing ticked
  await page.onNext.call(instance);
  snap();
  await page.onAccept.call(instance); // nearby offers (location trajectory): accepted on its own screen
  snap();
  await page.onNext.call(instance); // submit
  return { screens, events: submitted, data: instance.data };
}
