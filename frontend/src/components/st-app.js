// App shell: top navigation, the "Find a serial number" box, and hash routing to one screen at a time.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { parseHash } from '../router.js';
import './st-purchase-order-list.js';
import './st-purchase-order-detail.js';
import './st-serial-number-list.js';
import './st-sales-order-list.js';
import './st-sales-order-detail.js';
import './st-serial-trace.js';
import './st-recall.js';
import './st-scan-receive.js';
import './st-global-search.js';
import './st-import.js';
import './st-sign-in.js';
import './st-admin.js';
import './st-webhooks.js';
import './st-item-list.js';
import './st-item-detail.js';
import './st-supplier-list.js';
import './st-supplier-detail.js';
import './st-customer-list.js';
import './st-customer-detail.js';
import './st-purchase-order-form.js';
import './st-sales-order-form.js';
import './st-live-indicator.js';
import { startLive, stopLive } from '../live.js';

export class StApp extends LitElement {
  static properties = {
    route: { state: true },
    user: { state: true },
    _menuOpen: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; min-height: 100vh; }
      header {
        position: relative; z-index: 30;
        display: flex; align-items: center; gap: 16px; padding: 0 20px; height: 52px;
        background: #1e293b; color: #e2e8f0;
      }
      header a:focus-visible, header button:focus-visible { outline: 2px solid #93c5fd; outline-offset: -2px; }
      .brand { font-weight: 700; font-size: 16px; letter-spacing: .01em; color: #fff; flex: none; }
      .brand span { color: #93c5fd; }
      /* The live indicator sits under the name: it takes no room from the bar. */
      .identity { display: flex; flex-direction: column; justify-content: center; gap: 1px; flex: none; }
      .identity .brand { line-height: 20px; }
      /* Wide: the menu's parts sit in the bar; the menu button is not needed. */
      .menu { display: contents; }
      nav { display: flex; gap: 4px; height: 100%; order: 1; }
      nav a {
        display: flex; align-items: center; padding: 0 10px; color: #cbd5e1; height: 100%;
        border-bottom: 3px solid transparent; border-top: 3px solid transparent; white-space: nowrap;
      }
      nav a:hover { color: #fff; text-decoration: none; background: rgba(255, 255, 255, 0.05); }
      nav a[aria-current='page'] { color: #fff; border-bottom-color: #60a5fa; }
      st-global-search { margin-left: auto; order: 2; }
      .api { color: #94a3b8; font-size: 13px; order: 3; white-space: nowrap; }
      .user { display: flex; align-items: center; gap: 8px; color: #cbd5e1; font-size: 13px; order: 4; }
      .user button { background: transparent; color: #e2e8f0; border-color: #475569; }
      .user button:hover:not(:disabled) { background: rgba(255, 255, 255, 0.08); }
      button.menu-toggle {
        display: none; order: 3; flex: none; background: transparent; color: #e2e8f0; border-color: #475569;
        min-height: 44px;
      }
      button.menu-toggle:hover:not(:disabled) { background: rgba(255, 255, 255, 0.08); }
      .bars { display: inline-block; width: 16px; height: 2px; background: currentColor; position: relative; }
      .bars::before, .bars::after { content: ''; position: absolute; left: 0; width: 16px; height: 2px; background: currentColor; }
      .bars::before { top: -5px; }
      .bars::after { top: 5px; }
      main { padding: 20px 24px 40px; max-width: 1400px; margin: 0 auto; }
      .user span { max-width: 7em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      /* Narrower than the whole bar (it needs about 1,340 px with a ten-letter name): brand,
         search and a Menu button that opens the rest below. */
      @media (max-width: 1365px) {
        header { padding: 0 12px; gap: 12px; }
        button.menu-toggle { display: inline-flex; }
        .menu {
          display: none; position: absolute; top: 100%; left: 0; right: 0;
          flex-direction: column; padding: 8px 12px 14px; background: #1e293b;
          border-top: 1px solid #334155; box-shadow: 0 12px 24px rgba(15, 23, 42, 0.3);
          max-height: calc(100vh - 52px); overflow-y: auto;
        }
        .menu.open { display: flex; }
        nav { flex-direction: column; height: auto; gap: 0; }
        nav a { min-height: 44px; padding: 0 12px; border: none; border-left: 3px solid transparent; }
        nav a[aria-current='page'] { border-left-color: #60a5fa; background: rgba(255, 255, 255, 0.06); }
        .api { display: flex; align-items: center; min-height: 44px; padding: 0 15px; }
        .user { padding: 8px 15px 0; border-top: 1px solid #334155; margin-top: 6px; }
        .user button { min-height: 44px; margin-left: auto; }
      }
      @media (max-width: 900px) {
        main { padding: 14px 12px 32px; }
      }
      @media (max-width: 400px) {
        header { gap: 8px; padding: 0 8px; }
        button.menu-toggle { padding: 5px 8px; }
      }
    `,
  ];

  constructor() {
    super();
    this.user = undefined; // undefined: not known yet; null: nobody signed in
    this.route = parseHash();
    this._onSignedOut = () => { this.user = null; };
    this._menuOpen = false;
    this._onHashChange = () => {
      this.route = parseHash();
      this._menuOpen = false;
      window.scrollTo(0, 0);
    };
  }

  connectedCallback() {
    super.connectedCallback();
    this._whoAmI();
    window.addEventListener('hashchange', this._onHashChange);
    window.addEventListener('st-signed-out', this._onSignedOut);
    if (this.route.name === 'home') window.location.replace('#/purchase-orders');
  }

  async _whoAmI() {
    try {
      const response = await fetch('/auth/me', { headers: { Accept: 'application/json' } });
      this.user = response.ok ? (await response.json()).user : null;
    } catch {
      this.user = null;
    }
  }

  async _signOut() {
    await fetch('/auth/sign-out', { method: 'POST' }).catch(() => {});
    this.user = null;
  }

  /** Escape closes the open menu and puts the focus back on its button. */
  _onHeaderKeyDown(event) {
    if (event.key !== 'Escape' || !this._menuOpen) return;
    this._menuOpen = false;
    this.renderRoot.querySelector('.menu-toggle')?.focus();
  }

  updated(changed) {
    // The live connection (live.js) is for whoever is signed in.
    if (changed.has('user') && this.user !== undefined) {
      if (this.user) startLive(this.user);
      else stopLive();
    }
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    window.removeEventListener('st-signed-out', this._onSignedOut);
    super.disconnectedCallback();
  }

  _screen() {
    const { name, id, query } = this.route;
    switch (name) {
      case 'orders':
        return html`<st-purchase-order-list .query=${query}></st-purchase-order-list>`;
      case 'new-order':
        return html`<st-purchase-order-form .query=${query}></st-purchase-order-form>`;
      case 'order':
        return html`<st-purchase-order-detail .orderId=${id}></st-purchase-order-detail>`;
      case 'recall':
        return html`<st-recall .orderId=${id}></st-recall>`;
      case 'scan-receive':
        return html`<st-scan-receive .orderId=${id}></st-scan-receive>`;
      case 'sales-orders':
        return html`<st-sales-order-list .query=${query}></st-sales-order-list>`;
      case 'new-sales-order':
        return html`<st-sales-order-form .query=${query}></st-sales-order-form>`;
      case 'sales-order':
        return html`<st-sales-order-detail .orderId=${id}></st-sales-order-detail>`;
      case 'items':
        return html`<st-item-list .query=${query}></st-item-list>`;
      case 'item':
        return html`<st-item-detail .productId=${id}></st-item-detail>`;
      case 'suppliers':
        return html`<st-supplier-list .query=${query}></st-supplier-list>`;
      case 'supplier':
        return html`<st-supplier-detail .supplierId=${id}></st-supplier-detail>`;
      case 'customers':
        return html`<st-customer-list .query=${query}></st-customer-list>`;
      case 'customer':
        return html`<st-customer-detail .customerId=${id}></st-customer-detail>`;
      case 'stock':
        return html`<st-serial-number-list .query=${query}></st-serial-number-list>`;
      case 'trace':
        return html`<st-serial-trace .sku=${this.route.sku} .number=${this.route.number}></st-serial-trace>`;
      case 'import':
        return html`<st-import></st-import>`;
      case 'admin':
        return html`<st-admin></st-admin>`;
      case 'webhooks':
        return html`<st-webhooks></st-webhooks>`;
      case 'home':
        return html``;
      default:
        return html`<div class="card empty">
          <h2>Page not found</h2>
          <p><a href="#/purchase-orders">Go to purchase orders</a></p>
        </div>`;
    }
  }

  _section() {
    const name = this.route.name;
    if (name === 'sales-orders' || name === 'sales-order' || name === 'new-sales-order') return 'sales';
    if (name === 'items' || name === 'item') return 'items';
    if (name === 'suppliers' || name === 'supplier') return 'suppliers';
    if (name === 'customers' || name === 'customer') return 'customers';
    if (name === 'stock' || name === 'trace') return 'stock';
    if (name === 'import') return 'import';
    if (name === 'admin' || name === 'webhooks') return 'admin';
    return 'orders';
  }

  render() {
    if (this.user === undefined) return html``;
    if (this.user === null) {
      return html`
        <header><div class="brand">serial<span>trace</span></div></header>
        <st-sign-in @st-signed-in=${(e) => { this.user = e.detail.user; }}></st-sign-in>
      `;
    }
    const section = this._section();
    const current = (s) => (section === s ? 'page' : 'false');
    return html`
      <header @keydown=${this._onHeaderKeyDown}>
        <div class="identity"><div class="brand">serial<span>trace</span></div><st-live-indicator></st-live-indicator></div>
        <st-global-search></st-global-search>
        <button type="button" class="menu-toggle" aria-expanded=${this._menuOpen ? 'true' : 'false'}
          aria-controls="site-menu" @click=${() => { this._menuOpen = !this._menuOpen; }}>
          <span class="bars" aria-hidden="true"></span>Menu</button>
        <div class="menu ${this._menuOpen ? 'open' : ''}" id="site-menu">
          <nav aria-label="Main">
            <a href="#/purchase-orders" aria-current=${current('orders')}>Purchase orders</a>
            <a href="#/sales-orders" aria-current=${current('sales')}>Sales orders</a>
            <a href="#/stock" aria-current=${current('stock')}>Stock</a>
            <a href="#/items" aria-current=${current('items')}>Items</a>
            <a href="#/suppliers" aria-current=${current('suppliers')}>Suppliers</a>
            <a href="#/customers" aria-current=${current('customers')}>Customers</a>
            <a href="#/import" aria-current=${current('import')}>Import</a>
            ${this.user.role === 'ADMIN'
              ? html`<a href="#/admin" aria-current=${current('admin')}>Users</a>` : ''}
          </nav>
          <a class="api" href="/graphql" target="_blank" rel="noopener">GraphQL API</a>
          <div class="user">
            <span data-testid="signed-in-as" title=${`${this.user.username} (${this.user.role})`}>${this.user.username}</span>
            <button class="small" @click=${this._signOut}>Sign out</button>
          </div>
        </div>
      </header>
      <main>${this._screen()}</main>
    `;
  }
}

customElements.define('st-app', StApp);
